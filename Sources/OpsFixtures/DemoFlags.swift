import Foundation
import OpsCore
import OpsStore

/// The demo's feature flags, as PenguinMails ships them: a new warm-up algorithm walked
/// through 1, 5 and 25 %, the DMARC report parser v2 for enterprise tenants, an ML bounce
/// classifier for EU pro and enterprise tenants, a per-IP send limit by plan, pipelining
/// fully rolled out long ago (stale), and a pixel proxy killed after a complaint spike.
extension AppDatabase {
    @discardableResult
    public func seedDemoFlags(now: Date, clock: ManualClock, as me: ActorContext) throws(OpsError) -> Int {
        guard try flags(as: me).isEmpty else { return 0 }
        let owner = try whoAmI(me).login
        func at(_ daysAgo: Double) { clock.set(now.addingTimeInterval(-daysAgo * 86_400)) }
        func rule(_ text: String) throws(OpsError) -> FlagRule { try FlagValidation.rule(text) }
        func rollout(_ key: String, _ variant: String, _ percent: Int) throws(OpsError) {
            _ = try updateFlag(key, action: "rollout", as: me) { stored in
                var f = stored.flag
                f.rollout = FlagRollout(variant: variant, percent: percent)
                f.killed = false
                return f
            }
        }
        let onOff: [String: JSONValue] = ["on": true, "off": false]

        at(60)
        _ = try createFlag(FeatureFlag(key: "smtp-pipelining", kind: .boolean, variants: onOff, defaultVariant: "off", owner: owner,
                                       description: "ESMTP PIPELINING on outbound MTA sessions."), as: me)
        for (i, step) in FeatureFlag.rolloutSteps.enumerated() {
            at(60 - Double(i) * 2)
            try rollout("smtp-pipelining", "on", step)
        }
        at(20)
        _ = try createFlag(FeatureFlag(key: "dmarc-report-parser", kind: .string, variants: ["v1": "parser-v1", "v2": "parser-v2"], defaultVariant: "v1",
                                       rules: [try rule("plan=enterprise -> v2")], owner: owner,
                                       description: "DMARC aggregate report parser v2 (streaming XML, gzip and zip) for enterprise tenants first."), as: me)
        _ = try createFlag(FeatureFlag(key: "send-limit-per-ip", kind: .number, variants: ["trial": 200, "free": 500, "standard": 5_000, "dedicated": 50_000],
                                       defaultVariant: "standard", rules: [try rule("plan=trial -> trial"), try rule("plan=free -> free"),
                                                                           try rule("plan=enterprise,ipPool^=dedicated- -> dedicated")], owner: owner,
                                       description: "Daily messages per sending IP by plan."), as: me)
        at(10)
        _ = try createFlag(FeatureFlag(key: "warmup-algorithm-v2", kind: .boolean, variants: onOff, defaultVariant: "off",
                                       rules: [try rule("tenant=penguinmails-internal -> on")], owner: owner,
                                       description: "Adaptive IP warm-up: daily volume follows inbox placement instead of a fixed schedule."), as: me)
        for (days, step) in [(9.0, 1), (6.0, 5), (2.0, 25)] {
            at(days)
            try rollout("warmup-algorithm-v2", "on", step)
        }
        at(5)
        _ = try createFlag(FeatureFlag(key: "bounce-classifier", kind: .string, variants: ["rules": "regex-rules", "ml": "ml-v3"], defaultVariant: "rules",
                                       rules: [try rule("region=eu,plan=enterprise|pro -> ml"), try rule("agentVersion>=3.2.0,plan=enterprise -> ml")],
                                       owner: owner, description: "ML bounce classification (hard, soft, policy, reputation)."), as: me)
        try rollout("bounce-classifier", "ml", 1)
        at(3)
        _ = try createFlag(FeatureFlag(key: "tracking-pixel-proxy", kind: .boolean, variants: onOff, defaultVariant: "off", owner: owner,
                                       description: "Serve open-tracking pixels through the image proxy."), as: me)
        try rollout("tracking-pixel-proxy", "on", 1)
        at(2.5)
        try rollout("tracking-pixel-proxy", "on", 5)
        at(2)
        _ = try updateFlag("tracking-pixel-proxy", action: "kill", as: me) { stored in
            var f = stored.flag
            f.killed = true
            f.rollout = nil
            return f
        }
        clock.set(now)
        try passDemoGates(at: clock.now())
        return 6
    }
}
