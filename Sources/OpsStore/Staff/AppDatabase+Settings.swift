import Foundation
internal import GRDB
import OpsCore

extension AppDatabase {
    /// Every setting with its current value (defaults filled in).
    public func settings(as context: ActorContext) throws(OpsError) -> [(key: SettingKey, value: String)] {
        try read { db in
            try AccessPolicy.require(.usersRead, actor: try resolveActor(context, db: db))
            return try SettingKey.allCases.map { (key: $0, value: try SettingsStore.value($0, db: db)) }
        }
    }

    /// A setting's value without an actor (for internal wiring such as the mail transport).
    public func settingValue(_ key: SettingKey) throws(OpsError) -> String {
        try read { db in try SettingsStore.value(key, db: db) }
    }

    /// The pane `roles` open the console on (`console.first_pane`, first matching pair),
    /// nil when no pair names one of them.
    public func firstPane(for roles: some Sequence<Role>) throws(OpsError) -> String? {
        let held = Set(roles)
        let pairs = SettingKey.firstPanes(try settingValue(.consoleFirstPane)) ?? SettingKey.firstPanes(SettingKey.consoleFirstPane.defaultValue) ?? []
        return pairs.first { held.contains($0.role) }?.pane
    }

    public func setSetting(_ key: SettingKey, to value: String, as context: ActorContext) throws(OpsError) {
        try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.settingsManage, actor: actor)
            if let error = key.validate(value) { throw error }
            let before = try SettingsStore.value(key, db: db)
            if key == .separationOfDuty, case let .success(sod) = SeparationOfDuty.parse(value) {
                try AccessPolicy.checkSeparationOfDutyChange(actor: actor)
                // Refuse a rule that current accounts already break: name them.
                let breakers = try SettingsStore.violations(of: sod, db: db)
                if !breakers.isEmpty {
                    throw OpsError.conflict("Refused: \(breakers.joined(separator: "; ")); change their roles before adding this rule.")
                }
            }
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key.rawValue, value])
            try audit(AuditChain.Record(action: "setting.set", target: key.rawValue, before: .string(before), after: .string(value)),
                      context, db: db)
        }
    }
}
