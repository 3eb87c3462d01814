import Foundation
import OpsCore
import OpsStore

/// The demo's deployments: four weeks of api, mta and web releases reported as a pipeline
/// reports them, most passing their gate; two degraded and rolled back (one automatically),
/// one partial mta release whose failed node was rolled back alone, one failed outright and
/// rolled back, and today's api release still in its gate window.
extension AppDatabase {
    @discardableResult
    public func seedDemoDeploys(now: Date, clock: ManualClock, as me: ActorContext) throws(OpsError) -> Int {
        guard try deployments(since: .distantPast, limit: 1, as: me).isEmpty else { return 0 }
        let plan: [(service: String, components: [String])] = [("api", ["api"]), ("mta", ["mta-1", "mta-2", "mta-3", "mta-4"]), ("web", ["web"])]
        var count = 0
        for day in stride(from: 28, through: 1, by: -1) {
            for (i, release) in plan.enumerated() where (day + i) % 3 == 0 {
                let start = now.addingTimeInterval(-Double(day) * 86_400 + Double(10 + i * 2) * 3_600)
                clock.set(start)
                let version = "2026.\(12 - (day > 6 ? 1 : 0)).\(30 - day).\(i)"
                let d = try startDeployment(NewDeployment(service: release.service, version: version, components: release.components,
                                                          link: "https://ci.penguinmails.example/pipelines/\(7_000 + day * 10 + i)", by: "ci",
                                                          commitAt: start.addingTimeInterval(-Double(1 + (day * 7 + i) % 9) * 3_600)), as: me)
                count += 1
                let partial = release.service == "mta" && day == 14
                for (n, component) in release.components.enumerated() {
                    clock.set(start.addingTimeInterval(Double(60 * (n + 1))))
                    _ = try reportComponent(d.number, component: component, status: partial && n == 2 ? .failed : .healthy, as: me)
                }
                let end = start.addingTimeInterval(Double(60 * (release.components.count + 1)))
                clock.set(end)
                let failedOutright = release.service == "web" && day == 10
                _ = try finishDeployment(d.number, succeeded: !failedOutright, as: me)
                if partial {
                    clock.set(end.addingTimeInterval(900))
                    _ = try rollbackDeployment(d.number, component: "mta-3", reason: "mta-3 failed its TLS handshake check; the other nodes stay on \(version)", as: me)
                } else if failedOutright {
                    clock.set(end.addingTimeInterval(1_200))
                    _ = try rollbackDeployment(d.number, component: nil, reason: "asset build failed half-way", as: me)
                } else if (release.service == "api" && day == 21) || (release.service == "mta" && day == 5) {
                    let degraded = end.addingTimeInterval(240)
                    try openDeployGate(d.number, until: end.addingTimeInterval(600), note: "health gate", at: end)
                    clock.set(degraded)
                    let reason = release.service == "api" ? "rate(http_errors_total{service=\"api\"}[5m]) > 0.05 (at 0.083)"
                        : "pm_bounce_percent > 5 (at 7.4 for pool=shared-1)"
                    try failDeployGate(d.number, reason: reason, at: degraded)
                    clock.set(degraded.addingTimeInterval(release.service == "api" ? 1_500 : 60))
                    if release.service == "mta" {
                        try recordGateRollback(d.number, run: RollbackRun(arguments: ["/usr/local/bin/pm-deploy", "mta", "--version", "previous"], exitStatus: 0,
                                                                          output: "rolled back 4 nodes", problem: nil), at: clock.now())
                    } else {
                        _ = try rollbackDeployment(d.number, component: nil, reason: "error rate after the deploy", as: me)
                    }
                } else {
                    try openDeployGate(d.number, until: end.addingTimeInterval(600), note: "health gate", at: end)
                    try passDeployGate(d.number, note: "health gate passed", at: end.addingTimeInterval(600))
                }
            }
        }
        clock.set(now.addingTimeInterval(-180))
        let today = try startDeployment(NewDeployment(service: "api", version: "2026.12.30.1", components: ["api"], by: "ci",
                                                      commitAt: now.addingTimeInterval(-7_200)), as: me)
        _ = try reportComponent(today.number, component: "api", status: .healthy, as: me)
        _ = try finishDeployment(today.number, succeeded: true, as: me)
        return count + 1
    }
}
