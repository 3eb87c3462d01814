import Foundation
import GRDB
import OpsCore

/// Alert emails through the outbox (same transaction as the change that caused them, so
/// a rolled-back change never pages anyone and a committed one always does).
enum AlertNotifier {
    /// Queues one email per active recipient with an address; returns how many.
    static func notify(logins: [String], alert: AlertRecord, subject: String, intro: String, at date: Date, db: Database) throws -> Int {
        let emails = try addresses(logins: logins, db: db)
        for email in emails {
            try OutboxStore.enqueue(kind: "alert", to: email, subject: subject, body: body(alert, intro: intro), at: date, db: db)
        }
        return emails.count
    }

    /// The addresses of the active accounts among `logins`, each once, in login order.
    static func addresses(logins: [String], db: Database) throws -> [String] {
        var emails: [String] = []
        for login in Array(Set(logins)).sorted() {
            guard let account = try StaffQueries.find(login: login, db: db), account.isActive, let email = account.email, !email.isEmpty else { continue }
            emails.append(email)
        }
        return emails
    }

    static func body(_ alert: AlertRecord, intro: String) -> String {
        var lines = [intro, "",
                     "Alert \(alert.id): \(oneLine(alert.summary))",
                     "Severity: \(alert.severity.rawValue)    State: \(alert.displayState)    Team: \(alert.team ?? "-")",
                     "Started: \(Timestamp.format(alert.startsAt))    Source: \(oneLine(alert.source))"]
        if let runbook = alert.runbookURL { lines.append("Runbook: \(oneLine(runbook))") }
        let labels = alert.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\(oneLine($0.value))" }.joined(separator: " ")
        if !labels.isEmpty { lines.append("Labels: \(labels)") }
        lines += ["", "Acknowledge: pmops alerts ack \(alert.id) --note \"…\"", "Details:     pmops alerts show \(alert.id)", "", "— PenguinOps"]
        return lines.joined(separator: "\n")
    }

    /// Untrusted text in a mail: no controls, one line, bounded.
    static func oneLine(_ text: String) -> String {
        var out = ""
        for s in text.unicodeScalars {
            if Printable.isForbidden(s) { out.unicodeScalars.append(" ") } else { out.unicodeScalars.append(s) }
            if out.unicodeScalars.count >= 300 { out += "…"; break }
        }
        return out
    }
}

/// The routing kept in the store.
enum AlertRoutingStore {
    static func current(db: Database) throws -> AlertRouting {
        guard let text = try String.fetchOne(db, sql: "SELECT text FROM alert_routing WHERE id = 1") else { return AlertRouting() }
        return (try? AlertRouting.parse(text, file: "stored routing")) ?? AlertRouting()
    }
}

extension AppDatabase {
    /// Replaces the routing and escalation policies with a parsed file. Every login it
    /// pages must be an active account. Needs rules.manage. Audited.
    @discardableResult
    public func loadAlertRouting(_ text: String, file: String, as context: ActorContext) throws(OpsError) -> AlertRouting {
        let routing = try AlertRouting.parse(text, file: file)
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.rulesManage, actor: actor)
            var errors: [FieldError] = []
            for level in routing.levels {
                for login in level.notify {
                    guard let account = try StaffQueries.find(login: login, db: db), account.isActive else {
                        errors.append(FieldError(field: "\(file):\(level.line)", message: "\(Printable.excerpt(login)) is not an active staff account."))
                        continue
                    }
                }
            }
            if !errors.isEmpty { throw OpsError.invalidFields(errors) }
            let before = try String.fetchOne(db, sql: "SELECT text FROM alert_routing WHERE id = 1")
            try db.execute(sql: """
                INSERT INTO alert_routing (id, text, loaded_by, loaded_at) VALUES (1, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET text = excluded.text, loaded_by = excluded.loaded_by, loaded_at = excluded.loaded_at
                """, arguments: [routing.text, context.effectiveLogin, Timestamp.format(clock.now())])
            try audit(AuditChain.Record(action: "alerts.routing", target: "routing", before: before.map(JSONValue.string),
                                        after: .string(routing.text)), context, db: db)
            return routing
        }
    }

    /// The routing in force (empty when none was loaded).
    public func alertRouting() throws(OpsError) -> AlertRouting {
        try read { db in try AlertRoutingStore.current(db: db) }
    }
}
