import Foundation
@testable import OpsConsole
import OpsCore
import OpsFixtures
import OpsStore
import TermUI

/// A harness on the Changes pane over the demo's changes: deploys (one failed, then its
/// rollback) from the incidents demo, the flags' rollouts and kill, one change set taken
/// to production and one in review; plus an alert five minutes after the failed deploy.
@MainActor
enum ChangesFixtures {
    static let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)

    static func harness(size: Size = Size(width: 120, height: 40), theme: Theme = .default, actor: String? = nil) throws -> (ConsoleHarness, ChangesPane) {
        let h = try ConsoleHarness(size: size, theme: theme, actor: actor ?? ConsoleHarness.operatorLogin, startPane: "changes")
        try seed(h)
        _ = h.app.refresh(force: true)
        let pane: ChangesPane = try ConsoleHarness.pane("changes", of: h.app)
        _ = pane.refresh(force: true)
        h.frame()
        return (h, pane)
    }

    static func seed(_ h: ConsoleHarness) throws {
        let now = h.clock.now()
        _ = try h.store.seedDemoIncidents(now: now, clock: h.clock, as: op)
        _ = try h.store.seedDemoFlags(now: now, clock: h.clock, as: op)
        _ = try h.store.seedDemoConfig(now: now, clock: h.clock, as: op)
        h.clock.set(now)
        let failed = try h.store.changes(service: "api", since: now.addingTimeInterval(-30 * 86_400), as: op).first { $0.status == .failed }
        if let failed {
            _ = try h.store.upsertAlert(AlertSignal(fingerprint: "APIErrorRate/api", rule: "APIErrorRate", labels: ["alertname": "APIErrorRate", "service": "api"],
                                                   severity: .critical, status: .firing, summary: "API 5xx rate 7.2 % over 5 min",
                                                   at: failed.at.addingTimeInterval(300)))
        }
        h.clock.set(now)
    }

    /// Puts the cursor on the first row matching `match`.
    static func select(in h: ConsoleHarness, pane: ChangesPane, _ match: (ChangeRow) -> Bool) {
        h.press(.home)
        for _ in 0..<300 {
            if let row = pane.list.selectedRow, match(row) { return }
            h.press(.down)
        }
    }

    static func isOpenSet(_ row: ChangeRow) -> Bool { if case .openSet = row { true } else { false } }
    static func isFlag(_ key: String) -> (ChangeRow) -> Bool {
        { row in if case let .event(e) = row { e.kind == .flag && e.service == key } else { false } }
    }
    static func isFailedDeploy(_ row: ChangeRow) -> Bool { if case let .event(e) = row { e.kind == .deploy && e.status == .failed } else { false } }
}
