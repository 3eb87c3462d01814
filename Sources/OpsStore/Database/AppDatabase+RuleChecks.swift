import Foundation
internal import GRDB
import OpsCore

/// The rules that data already stored can break after the fact: a separation-of-duty
/// pair added by hand or before super_admin counted as admin, a setting written before
/// its rule tightened (a stored sendmail: command), a routing that pages an account that
/// has since been deactivated or lost alerts.ack. `db check` reports them.
extension AppDatabase {
    static func ruleProblems(db: Database) throws -> [String] {
        var problems: [String] = []
        let sod = try SettingsStore.separationOfDuty(db: db)
        problems += try SettingsStore.violations(of: sod, limit: 20, db: db).map { "separation of duty: \($0)" }
        problems += try SettingsStore.problems(db: db)
        let routing = try AlertRoutingStore.current(db: db)
        problems += try AlertRoutingStore.problems(routing, file: "stored routing", db: db).map { "routing: \($0.message)" }
        return problems
    }

    /// The problems of the stored settings (one sentence each), for `settings list`.
    public func settingProblems() throws(OpsError) -> [String] {
        try read { db in try SettingsStore.problems(db: db) }
    }
}
