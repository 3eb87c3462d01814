import Foundation
internal import GRDB
import OpsCore

/// Alert emails through the outbox (same transaction as the change that caused them, so
/// a rolled-back change never pages anyone and a committed one always does).
enum AlertNotifier {
    /// Queues one email per active recipient with an address; returns how many.
    static func notify(logins: [String], alert: AlertRecord, subject: String, intro: String, excluding: String? = nil,
                       at date: Date, db: Database) throws -> Int {
        let emails = try reach(logins: logins, at: date, db: db).reached.filter { $0.login != excluding }.map(\.email)
        for email in emails {
            try OutboxStore.enqueue(kind: "alert", to: email, subject: subject, body: body(alert, intro: intro), alertID: alert.id, at: date, db: db)
        }
        return emails.count
    }

    /// Who a page can reach: the addresses, and a sentence for each login it cannot
    /// (written into the alert's history, so no page is skipped silently).
    struct Reach: Equatable {
        var emails: [String] = []
        /// Who the emails go to, in the same order.
        var reached: [(login: String, email: String)] = []
        static func == (a: Reach, b: Reach) -> Bool {
            a.emails == b.emails && a.missed == b.missed && a.webhooks == b.webhooks && a.reached.map(\.login) == b.reached.map(\.login)
        }
        var missed: [String] = []
        /// The webhook channels the level names (configured or not: delivery says which failed).
        var webhooks: [String] = []
        /// Nobody and nothing to page.
        var isEmpty: Bool { emails.isEmpty && webhooks.isEmpty }
        var missedNote: String { missed.joined(separator: "; ") }
        /// The schedule that put a login on the page, and whether it was night there.
        var viaSchedule: [String: (schedule: String, night: Bool)] = [:]

        /// The people reached, for the load report (`OnCallStore.recordPages`).
        var pageRecords: [(login: String, schedule: String?, night: Bool)] {
            reached.map { ($0.login, viaSchedule[$0.login]?.schedule, viaSchedule[$0.login]?.night ?? false) }
        }
    }

    /// Who `entries` reach at `date`: logins, `webhook:NAME` channels, and `schedule:NAME`
    /// (whoever is on call at that moment; a schedule with nobody is a miss).
    static func reach(logins entries: [String], at date: Date, db: Database) throws -> Reach {
        var reach = Reach()
        reach.webhooks = Array(Set(entries.compactMap(WebhookChannel.channel(inEntry:)))).sorted()
        var logins: [String] = []
        for entry in entries where WebhookChannel.channel(inEntry: entry) == nil {
            guard let schedule = AlertRouting.schedule(inEntry: entry) else { logins.append(entry); continue }
            let (login, night) = try OnCallStore.onCall(schedule: schedule, at: date, db: db)
            guard let login else { reach.missed.append("nobody is on call in schedule \(schedule)"); continue }
            if reach.viaSchedule[login] == nil { reach.viaSchedule[login] = (schedule, night) }
            logins.append(login)
        }
        for login in Array(Set(logins)).sorted() {
            guard let account = try StaffQueries.find(login: login, db: db) else {
                reach.missed.append("'\(login)' is not a staff account"); continue
            }
            guard account.isActive else { reach.missed.append("'\(login)' is deactivated"); continue }
            guard account.permissions.contains(.alertsAck) else { reach.missed.append("'\(login)' cannot acknowledge alerts"); continue }
            guard let email = account.email, !email.isEmpty else { reach.missed.append("'\(login)' has no email address"); continue }
            reach.emails.append(email)
            reach.reached.append((account.login, email))
        }
        return reach
    }

    /// The `paged` history line: whom, on which channel; `delivered` lines follow when the
    /// mail leaves.
    static func pagedNote(_ reach: Reach, level: Int) -> String {
        guard !reach.isEmpty else { return "level \(level): nobody reachable" }
        var parts: [String] = []
        if !reach.reached.isEmpty { parts.append(reach.reached.map { "\($0.login) (\($0.email))" }.joined(separator: ", ") + " by email") }
        parts += reach.webhooks.map { "webhook \($0)" }
        return "level \(level): " + parts.joined(separator: ", ") + "; delivery follows"
    }

    /// Queues one webhook page per channel the level names: the outbox row holds the
    /// channel's name (never its URL) and the generic JSON. Returns how many.
    @discardableResult
    static func notifyWebhooks(_ channels: [String], alert: AlertRecord, level: Int, at date: Date, db: Database) throws -> Int {
        for channel in channels {
            try OutboxStore.enqueue(kind: OutboxStore.webhookKind, to: WebhookChannel.prefix + channel,
                                    subject: "[\(alert.severity.rawValue.uppercased())] \(oneLine(alert.summary))",
                                    body: WebhookPayload.generic(alert, level: level, recipient: WebhookChannel.prefix + channel),
                                    alertID: alert.id, at: date, db: db)
        }
        return channels.count
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

    /// Logins a routing pages that could not take the page: unknown, deactivated, or
    /// unable to acknowledge (lacking alerts.ack), as "file:line" field errors.
    /// With `channels`, a webhook the operator has not configured is one too.
    static func problems(_ routing: AlertRouting, file: String, channels: Set<String>? = nil, db: Database) throws -> [FieldError] {
        var errors: [FieldError] = []
        for level in routing.levels {
            for login in level.notify {
                let field = "\(file):\(level.line)"
                if let schedule = AlertRouting.schedule(inEntry: login) {
                    if try String.fetchOne(db, sql: "SELECT name FROM oncall_schedule WHERE name = ?", arguments: [schedule]) == nil {
                        errors.append(FieldError(field: field, message: "schedule \(schedule) (team \(level.team) level \(level.level)) is not loaded; load it first with pmops oncall schedule load FILE."))
                    }
                    continue
                }
                if let channel = WebhookChannel.channel(inEntry: login) {
                    if let channels, !channels.contains(channel) {
                        errors.append(FieldError(field: field, message: """
                            webhook \(channel) (team \(level.team) level \(level.level)) is not configured: add it to \
                            ~/.config/pmops/webhooks or set $\(WebhookChannel.environmentName(channel)).
                            """))
                    }
                    continue
                }
                guard let account = try StaffQueries.find(login: login, db: db) else {
                    errors.append(FieldError(field: field, message: "\(Printable.excerpt(login)) (team \(level.team) level \(level.level)) is not a staff account.")); continue
                }
                guard account.isActive else {
                    errors.append(FieldError(field: field, message: "'\(login)' (team \(level.team) level \(level.level)) is deactivated.")); continue
                }
                if !account.permissions.contains(.alertsAck) {
                    errors.append(FieldError(field: field, message: "'\(login)' (team \(level.team) level \(level.level)) cannot acknowledge alerts (lacks alerts.ack)."))
                }
            }
        }
        return errors
    }
}

extension AppDatabase {
    /// Replaces the routing and escalation policies with a parsed file. Every login it
    /// pages must be an active account that may acknowledge alerts. Needs rules.manage. Audited.
    @discardableResult
    public func loadAlertRouting(_ text: String, file: String, as context: ActorContext) throws(OpsError) -> AlertRouting {
        let routing = try AlertRouting.parse(text, file: file)
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.rulesManage, actor: actor)
            let errors = try AlertRoutingStore.problems(routing, file: file, db: db)
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

    /// What is wrong with a routing file against this store's accounts (syntax errors
    /// are thrown; account problems returned), for `routing check` and editors.
    /// `channels`: the webhook channels the invoker configured (nil: not checked).
    public func checkAlertRouting(_ text: String, file: String, channels: Set<String>? = nil) throws(OpsError) -> (routing: AlertRouting, problems: [FieldError]) {
        let routing = try AlertRouting.parse(text, file: file)
        return (routing, try read { db in try AlertRoutingStore.problems(routing, file: file, channels: channels, db: db) })
    }

    /// The escalation levels in force that page `login` (the console's deactivate dialog
    /// lists them before it deactivates).
    public func routingLevels(paging login: String) throws(OpsError) -> [AlertRouting.Level] {
        try read { db in try AlertRoutingStore.current(db: db).levels(paging: login) }
    }

    /// The routing in force (empty when none was loaded).
    public func alertRouting() throws(OpsError) -> AlertRouting {
        try read { db in try AlertRoutingStore.current(db: db) }
    }
}
