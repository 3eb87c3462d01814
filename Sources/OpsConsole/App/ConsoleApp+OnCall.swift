import Foundation
import OpsCore
import OpsStore

extension ConsoleApp {
    /// Who is on call for the actor's team now, for the status line: "you are on call until
    /// Tue 09:00" when it is the actor, else "on call: alice until Tue 09:00" (the team's
    /// first schedule with someone), "nobody on call for sre" in a gap. Nil when the actor
    /// has no team, the team no schedule, or the actor may not read alerts. Read on refresh
    /// (each minute and on every change), never while drawing.
    func onCallStatus() -> String? {
        guard let account, let team = account.team, account.permissions.contains(OnCallPolicy.readPermission),
              let rows = try? env.store.onCallNow(team: team, at: env.clock.now(), as: env.actor), !rows.isEmpty else { return nil }
        func until(_ row: OnCallNow) -> String { row.until.map { " until \(env.weekdayTime($0))" } ?? "" }
        if let mine = rows.first(where: { $0.login == account.login }) { return "you are on call" + until(mine) }
        guard let first = rows.first(where: { $0.login != nil }), let login = first.login else { return "nobody on call for \(team)" }
        return "on call: \(login)" + until(first)
    }
}
