import Foundation
import GRDB
import OpsCore

/// Settings stored in the database, validated on write. Unknown keys are refused.
public enum SettingKey: String, CaseIterable, Sendable {
    /// Days personal data of deactivated accounts is kept before purge.
    case archiveRetentionDays = "retention.archive_days"
    /// Role pairs nobody may hold together: "admin+auditor,finance+support".
    case separationOfDuty = "sod.pairs"
    /// Mail transport: "maildir:PATH" or "sendmail:COMMAND".
    case mailTransport = "mail.transport"
    /// From address of notification emails.
    case mailFrom = "mail.from"

    public var defaultValue: String {
        switch self {
        case .archiveRetentionDays: "90"
        case .separationOfDuty: SeparationOfDuty.default.settingValue
        case .mailTransport: ""
        case .mailFrom: "pmops@localhost"
        }
    }

    public var summary: String {
        switch self {
        case .archiveRetentionDays: "Days the personal data of deactivated accounts is kept (1–3650)."
        case .separationOfDuty: "Comma-separated role pairs nobody may hold together (role+role)."
        case .mailTransport: "maildir:PATH or sendmail:COMMAND; empty means the maildir beside the database."
        case .mailFrom: "From address of notification emails."
        }
    }

    /// Checks a proposed value; nil when fine.
    public func validate(_ value: String) -> OpsError? {
        switch self {
        case .archiveRetentionDays:
            guard let days = Int(value), (1...3650).contains(days) else {
                return .invalid(field: rawValue, message: "'\(Printable.quote(value))' is not a number of days from 1 to 3650.")
            }
            return nil
        case .separationOfDuty:
            if case let .failure(error) = SeparationOfDuty.parse(value) { return error }
            return nil
        case .mailTransport:
            if value.isEmpty { return nil }
            if case let .failure(error) = MailTransportSpec.parse(value) { return error }
            return nil
        case .mailFrom:
            if let error = StaffValidation.email(value) { return .invalid(field: rawValue, message: error.message) }
            return nil
        }
    }
}

enum SettingsStore {
    static func value(_ key: SettingKey, db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key.rawValue]) ?? key.defaultValue
    }

    static func separationOfDuty(db: Database) throws -> SeparationOfDuty {
        if case let .success(sod) = SeparationOfDuty.parse(try value(.separationOfDuty, db: db)) { return sod }
        return .default
    }

    static func retentionDays(db: Database) throws -> Int {
        Int(try value(.archiveRetentionDays, db: db)) ?? 90
    }
}
