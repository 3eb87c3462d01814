import Foundation
internal import GRDB
import OpsCore

/// Settings stored in the database, validated on write. Unknown keys are refused.
public enum SettingKey: String, CaseIterable, Sendable {
    /// Days personal data of deactivated accounts is kept before purge.
    case archiveRetentionDays = "retention.archive_days"
    /// Role pairs nobody may hold together: "admin+auditor,finance+support".
    case separationOfDuty = "sod.pairs"
    /// Mail transport: "maildir:/ABSOLUTE/PATH" only; a program never comes from the store.
    case mailTransport = "mail.transport"
    /// From address of notification emails.
    case mailFrom = "mail.from"
    /// Labels whose values group alerts in the queue: "alertname,service".
    case alertGroupBy = "alerts.group_by"
    /// Flap detection: "CHANGES/WINDOW", e.g. "6/1h".
    case alertFlapping = "alerts.flapping"
    /// When ticket SLA clocks run: "mon-fri 09:00-17:00 Europe/Berlin 2026-12-25".
    case ticketCalendar = "tickets.calendar"
    /// Days after resolution a ticket may still be reopened (later replies open a follow-up).
    case ticketReopenDays = "tickets.reopen_days"
    /// The pane each role opens the console on: "support=tickets,ops=health".
    case consoleFirstPane = "console.first_pane"
    /// Customers whose health score is below this are at risk (1–99).
    case customerAtRiskBelow = "customers.at_risk_below"

    public var defaultValue: String {
        switch self {
        case .archiveRetentionDays: "90"
        case .separationOfDuty: SeparationOfDuty.default.settingValue
        case .mailTransport: ""
        case .mailFrom: "pmops@localhost"
        case .alertGroupBy: "alertname,service"
        case .alertFlapping: "6/1h"
        case .ticketCalendar: BusinessCalendar.standard.description
        case .ticketReopenDays: "14"
        case .consoleFirstPane: "support=tickets,success=tickets,finance=tickets,ops=health"
        case .customerAtRiskBelow: "60"
        }
    }

    public var summary: String {
        switch self {
        case .archiveRetentionDays: "Days the personal data of deactivated accounts is kept (1–3650)."
        case .separationOfDuty: "Comma-separated role pairs nobody may hold together (role+role)."
        case .mailTransport: "maildir:/ABSOLUTE/PATH (owned by whoever delivers); empty means the maildir beside the database. sendmail: goes in --mail or $PMOPS_MAIL."
        case .mailFrom: "From address of notification emails."
        case .alertGroupBy: "Comma-separated labels that group alerts in the queue (applies to new alerts)."
        case .alertFlapping: "Fire/resolve changes within a window that mark an alert flapping and damp its pages: CHANGES/WINDOW."
        case .ticketCalendar: "Business hours for ticket SLA clocks (P1 runs around the clock): DAYS HH:MM-HH:MM ZONE [HOLIDAY…]."
        case .ticketReopenDays: "Days after resolution a ticket can be reopened (1–365); later replies open a linked follow-up."
        case .customerAtRiskBelow: "Health score below which a customer is at risk and their success manager is reminded (1–99)."
        case .consoleFirstPane: "The pane each role opens the console on, first matching role wins: ROLE=PANE,… (others open on their first pane)."
        }
    }

    /// Checks a proposed value; nil when fine.
    public func validate(_ value: String) -> OpsError? {
        switch self {
        case .archiveRetentionDays:
            guard let days = Int(value), (1...3650).contains(days) else {
                return .invalid(field: rawValue, message: "\(Printable.excerpt(value)) is not a number of days from 1 to 3650.")
            }
            return nil
        case .separationOfDuty:
            if case let .failure(error) = SeparationOfDuty.parse(value) { return error }
            return nil
        case .mailTransport:
            if value.isEmpty { return nil }
            return MailTransportResolver.storedRefusal(value)
        case .mailFrom:
            if let error = StaffValidation.email(value) { return .invalid(field: rawValue, message: error.message) }
            return nil
        case .alertGroupBy:
            let names = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !names.isEmpty, names.count <= 5, names.allSatisfy({ (try? LabelMatcher(name: $0, op: .equal, value: "")) != nil }) else {
                return .invalid(field: rawValue, message: "\(Printable.excerpt(value)) is not a comma-separated list of 1–5 label names.")
            }
            return nil
        case .alertFlapping:
            if Self.flapPolicy(value) == nil {
                return .invalid(field: rawValue, message: "\(Printable.excerpt(value)) is not CHANGES/WINDOW with 2–100 changes and a window from 1m to 1d (e.g. 6/1h).")
            }
            return nil
        case .ticketCalendar:
            do throws(OpsError) {
                _ = try BusinessCalendar.parse(value, field: rawValue)
                return nil
            } catch {
                return error
            }
        case .ticketReopenDays:
            guard let days = Int(value), (1...365).contains(days) else {
                return .invalid(field: rawValue, message: "\(Printable.excerpt(value)) is not a number of days from 1 to 365.")
            }
            return nil
        case .customerAtRiskBelow:
            guard let score = Int(value), (1...99).contains(score) else {
                return .invalid(field: rawValue, message: "\(Printable.excerpt(value)) is not a score from 1 to 99.")
            }
            return nil
        case .consoleFirstPane:
            guard Self.firstPanes(value) != nil else {
                return .invalid(field: rawValue, message: "\(Printable.excerpt(value)) is not ROLE=PANE pairs separated by commas (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")); panes by id, e.g. tickets, health).")
            }
            return nil
        }
    }

    /// `ROLE=PANE` pairs in order; nil when a pair is malformed or names no role.
    public static func firstPanes(_ value: String) -> [(role: Role, pane: String)]? {
        var out: [(role: Role, pane: String)] = []
        for pair in value.split(separator: ",") {
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let role = Role(rawValue: parts[0]), (1...32).contains(parts[1].count),
                  parts[1].allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else { return nil }
            out.append((role, parts[1]))
        }
        return out
    }

    static func flapPolicy(_ value: String) -> FlapPolicy? {
        let parts = value.split(separator: "/")
        guard parts.count == 2, let n = Int(parts[0]), (2...100).contains(n), let w = Duration.parse(String(parts[1])),
              w >= 60, w <= 86_400 else { return nil }
        return FlapPolicy(changes: n, window: w)
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

    /// The active accounts that break `sod`, named (at most `limit`, then "and N more").
    static func violations(of sod: SeparationOfDuty, limit: Int = 10, db: Database) throws -> [String] {
        let accounts = try StaffQueries.list(StaffFilter(status: .active), db: db)
        return sod.violations(accounts.map { (login: $0.login, roles: $0.roles) }, limit: limit)
    }

    /// What is wrong with the stored settings (a value written before a rule tightened,
    /// or by hand): one line per setting, for `settings list` and `db check`.
    static func problems(db: Database) throws -> [String] {
        var lines: [String] = []
        for key in SettingKey.allCases {
            guard let stored = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key.rawValue]),
                  let error = key.validate(stored) else { continue }
            lines.append("setting \(key.rawValue): \(error.description)")
        }
        return lines
    }

    /// The SLA policy with the stored calendar (the default calendar if the stored one no longer parses).
    static func slaPolicy(db: Database) throws -> SLAPolicy {
        SLAPolicy(calendar: (try? BusinessCalendar.parse(try value(.ticketCalendar, db: db))) ?? .standard)
    }

    static func reopenWindow(db: Database) throws -> TimeInterval {
        TimeInterval(Int(try value(.ticketReopenDays, db: db)) ?? 14) * 86_400
    }

    static func retentionDays(db: Database) throws -> Int {
        Int(try value(.archiveRetentionDays, db: db)) ?? 90
    }
}
