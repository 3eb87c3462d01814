import Foundation
import OpsCore
import OpsStore

/// The demo's platform configuration: one change set taken through the whole lifecycle
/// (drafted by ops, approved by security, applied and verified in staging then production)
/// and one waiting in review, each step at its own moment through the named operations.
extension AppDatabase {
    @discardableResult
    public func seedDemoConfig(now: Date, clock: ManualClock, as me: ActorContext) throws(OpsError) -> Int {
        guard try configChangeSets(as: me).isEmpty else { return 0 }
        let staff = try listStaff(StaffFilter(), as: me).filter(\.isActive)
        let account = try whoAmI(me)
        func holder(_ permission: Permission, not other: String? = nil) -> String? {
            staff.filter { $0.permissions.contains(permission) && $0.login != other }.map(\.login).sorted().first
        }
        guard let author = holder(.configPropose), let reviewer = holder(.configApprove, not: author) else { return 0 }
        func by(_ login: String) -> ActorContext { ActorContext(osLogin: account.login, onBehalfOf: login == account.login ? nil : login) }
        func at(_ daysAgo: Double, _ hours: Double) -> Date { now.addingTimeInterval(-daysAgo * 86_400 + hours * 3_600) }

        clock.set(at(6, 10))
        let raise = try draftConfigChange([(key: "mta.per_ip_daily_limit", value: "60000"), (key: "warmup.day30_cap", value: "60000")],
                                          rationale: "The 2026-11 IP pool finished warm-up with complaint rates under 0.05 %; raise the steady-state cap for Q1 volume.",
                                          impact: "Up to 20 % more mail per IP on mta-1…mta-4; bounce suspension thresholds unchanged.",
                                          submit: true, as: by(author))
        clock.set(at(6, 11)); _ = try reviewConfigChange(raise.id, approve: true, reason: nil, as: by(reviewer))
        clock.set(at(6, 12)); _ = try applyConfigChange(raise.id, to: .staging, as: by(author))
        clock.set(at(6, 12.1)); try passDemoGates(at: clock.now())
        clock.set(at(5, 9)); _ = try verifyConfigChange(raise.id, env: .staging, note: "Seed-list placement unchanged after 24 h.", as: by(author))
        clock.set(at(5, 10)); _ = try applyConfigChange(raise.id, to: .production, as: by(author))
        clock.set(at(5, 10.1)); try passDemoGates(at: clock.now())
        clock.set(at(4, 10)); _ = try verifyConfigChange(raise.id, env: .production, note: "Deferrals flat, no new blocklistings.", as: by(author))

        // Drafted last, at `now`: the audit trail's last row is never older than the accounts.
        clock.set(now)
        _ = try draftConfigChange([(key: "dmarc.policy", value: "reject"), (key: "tls.min_version", value: "1.3")],
                                  rationale: "Security review SR-118: enforce DMARC reject on platform domains and drop TLS 1.2 for the API.",
                                  impact: "Spoofed platform mail is refused; clients without TLS 1.3 (about 2 % of API keys) must upgrade.",
                                  submit: true, as: by(author))
        return 2
    }
}
