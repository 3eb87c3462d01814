import Foundation
internal import GRDB
import OpsCore

/// The one path every source's alert signal takes into the store (inside the caller's
/// write transaction): occurrences, routing to a team, silencing, flap detection, paging
/// level 1, history and audit.
enum AlertSignals {
    /// What applying signals needs from the store, loaded once per transaction.
    struct Environment {
        var actor: String
        /// Who ran pmops when `actor` is acted as (`--as`): audit rows record both.
        var impersonator: String?
        var at: Date
        var routing: AlertRouting
        var flap: FlapPolicy
        var groupBy: [String]
        var silences: [ActiveSilence]
        var mailFrom: String

        static func load(db: Database, actor: String, impersonator: String? = nil, at: Date) throws -> Environment {
            let flapText = try SettingsStore.value(.alertFlapping, db: db)
            let groupText = try SettingsStore.value(.alertGroupBy, db: db)
            return Environment(actor: actor, impersonator: impersonator, at: at, routing: try AlertRoutingStore.current(db: db),
                               flap: SettingKey.flapPolicy(flapText) ?? .standard,
                               groupBy: groupText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                               silences: try SilenceStore.active(at: at, db: db),
                               mailFrom: try SettingsStore.value(.mailFrom, db: db))
        }

        /// Where a new occurrence goes: its team (a team the source names wins, then the
        /// label, then routing), its group and the silence that mutes it. One rule for the
        /// single-alert and the batch path.
        func place(labels: [String: String], rule: String, severity: AlertSeverity, team named: String?) -> (team: String?, groupKey: String, silence: Int64?) {
            let team = named ?? labels["team"].flatMap { $0.isEmpty ? nil : $0 } ?? routing.team(for: labels, severity: severity.rawValue)
            let groupKey = groupBy.map { labels[$0] ?? (($0 == "alertname") ? rule : "") }.joined(separator: "/")
            return (team, groupKey, silences.first { $0.matchers.matches(labels) }?.id)
        }
    }

    struct Input {
        var fingerprint: String
        var rule: String
        var source: String
        var labels: [String: String]
        var annotations: [String: String]
        var severity: AlertSeverity
        var status: AlertStatus
        var summary: String
        var runbookURL: String?
        var value: Double?
        /// When the source saw it (last seen; for a resolve, when it ended).
        var at: Date
        /// When it started (a new row's starts_at).
        var startsAt: Date
        var team: String?
    }

    enum Outcome { case created, updated, resolved, unchanged }

    struct Result {
        var alert: AlertRecord?
        var previousStatus: AlertStatus?
        var outcome: Outcome
        var audited: Bool
    }

    static func apply(_ input: Input, env: inout Environment, db: Database) throws -> Result {
        let open = try AppDatabase.openAlert(fingerprint: input.fingerprint, db: db)
        if input.status == .resolved {
            guard let open else { return Result(alert: nil, previousStatus: nil, outcome: .unchanged, audited: false) }
            let ended = try endOccurrence(open, at: input.at, actor: env.actor, bySource: true, note: nil, env: &env, db: db)
            return Result(alert: ended.alert, previousStatus: open.status, outcome: .resolved, audited: ended.audited)
        }
        let at = Timestamp.format(input.at)
        let labels = AlertRecord.encode(input.labels)
        let annotations = AlertRecord.encode(input.annotations)
        if let open {
            let same = open.status == input.status && open.severity == input.severity && open.summary == input.summary
                && open.labels == input.labels && open.annotations == input.annotations && open.runbookURL == input.runbookURL
                && open.value == input.value && open.rule == input.rule
            let bump = input.status == .firing && open.status != .firing ? 1 : 0
            try db.cachedExecute(sql: """
                UPDATE alert SET rule = ?, labels = ?, annotations = ?, severity = ?, status = ?, summary = ?,
                    runbook_url = ?, value = ?, last_seen_at = ?, occurrences = occurrences + ?
                WHERE id = ?
                """, arguments: [input.rule, labels, annotations, input.severity.rawValue, input.status.rawValue,
                                 input.summary, input.runbookURL, input.value, at, bump, open.id])
            var stored = try AppDatabase.alert(id: open.id, db: db)
            if bump == 1 { stored = try fired(stored, env: &env, db: db) }
            let audited = try AppDatabase.auditTransition(from: open.status, to: stored, at: input.at, actor: env.actor, impersonator: env.impersonator, db: db)
            return Result(alert: stored, previousStatus: open.status, outcome: same ? .unchanged : .updated, audited: audited)
        }
        let previous = try Int64.fetchOneCached(db, sql: "SELECT max(id) FROM alert WHERE fingerprint = ?", arguments: [input.fingerprint])
        // A team the source names (a rule's team label) wins; routing places the rest.
        let placed = env.place(labels: input.labels, rule: input.rule, severity: input.severity, team: input.team)
        let (team, groupKey, silence) = (placed.team, placed.groupKey, placed.silence)
        try db.cachedExecute(sql: """
            INSERT INTO alert (fingerprint, rule, source, labels, annotations, severity, status, summary, runbook_url,
                value, starts_at, last_seen_at, occurrences, team, state, previous_id, group_key, service, silence_id, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)
            """, arguments: [input.fingerprint, input.rule, input.source, labels, annotations, input.severity.rawValue,
                             input.status.rawValue, input.summary, input.runbookURL, input.value,
                             Timestamp.format(min(input.startsAt, input.at)), at, input.status == .firing ? 1 : 0, team,
                             previous, groupKey, input.labels["service"] ?? "", silence, at])
        let id = db.lastInsertedRowID
        var stored = try AppDatabase.alert(id: id, db: db)
        try event(stored.id, kind: "created", actor: env.actor, from: nil, to: .open, note: nil,
                  detail: ["source": .string(input.source), "status": .string(input.status.rawValue)].merging(
                    previous.map { ["previous": .int($0)] } ?? [:]) { a, _ in a }, at: input.at, db: db, impersonator: env.impersonator)
        if let silence {
            try event(stored.id, kind: "silenced", actor: env.actor, from: nil, to: nil, note: nil, detail: ["silence": .int(silence)], at: input.at, db: db)
        }
        if input.status == .firing { stored = try fired(stored, env: &env, db: db) }
        let audited = try AppDatabase.auditTransition(from: nil, to: stored, at: input.at, actor: env.actor, impersonator: env.impersonator, db: db)
        return Result(alert: stored, previousStatus: nil, outcome: .created, audited: audited)
    }

    /// A row just entered `firing`: count the flip, mark flapping, page level 1.
    static func fired(_ alert: AlertRecord, env: inout Environment, db: Database) throws -> AlertRecord {
        let flapping = try flip(alert.fingerprint, env: env, db: db)
        if flapping != alert.flapping {
            try db.cachedExecute(sql: "UPDATE alert SET flapping = ? WHERE id = ?", arguments: [flapping ? 1 : 0, alert.id])
            if flapping {
                try event(alert.id, kind: "flapping", actor: env.actor, from: nil, to: nil,
                          note: "\(env.flap.changes) or more fire/resolve changes within \(AlertRouting.format(env.flap.window)); pages are damped",
                          detail: nil, at: env.at, db: db)
            }
        }
        var stored = try AppDatabase.alert(id: alert.id, db: db)
        guard stored.state == .open, !stored.isSilenced, let team = stored.team, let first = env.routing.level(team: team, 1), stored.escalationLevel == 0 else {
            return stored
        }
        try db.cachedExecute(sql: "UPDATE alert SET escalation_level = 1, escalated_at = ? WHERE id = ?",
                       arguments: [Timestamp.format(env.at), stored.id])
        stored = try AppDatabase.alert(id: stored.id, db: db)
        try page(stored, level: first, reason: "fired", env: env, db: db)
        // Read again: a level nobody could take has moved the alert on.
        return try AppDatabase.alert(id: stored.id, db: db)
    }

    /// Queues the page for `level` unless the alert is silenced or flapping (then the
    /// history says it was held back). Returns the number of emails queued.
    @discardableResult
    static func page(_ alert: AlertRecord, level: AlertRouting.Level, reason: String, env: Environment, db: Database) throws -> Int {
        if alert.isSilenced || alert.flapping {
            try event(alert.id, kind: "page_held", actor: env.actor, from: nil, to: nil,
                      note: alert.isSilenced ? "silenced: level \(level.level) not paged" : "flapping: level \(level.level) not paged",
                      detail: ["level": .int(Int64(level.level))], at: env.at, db: db)
            return 0
        }
        let reach = try AlertNotifier.reach(logins: level.notify, at: env.at, db: db)
        if !reach.missed.isEmpty {
            try event(alert.id, kind: "page_skipped", actor: env.actor, from: nil, to: nil, note: "level \(level.level): \(reach.missedNote)",
                      detail: ["level": .int(Int64(level.level))], at: env.at, db: db)
        }
        if reach.isEmpty, let next = env.routing.level(team: level.team, level.level + 1) {
            return try escalatePast(alert, level: level, to: next, reason: reason, env: env, db: db)
        }
        let queued = try AlertNotifier.notify(logins: level.notify, alert: alert, subject: "[\(alert.severity.rawValue.uppercased())] \(AlertNotifier.oneLine(alert.summary))",
                                              intro: "You are paged (team \(level.team), level \(level.level), \(reason)). Acknowledge within \(AlertRouting.format(level.after)) or it escalates.",
                                              at: env.at, db: db)
        try AlertNotifier.notifyWebhooks(reach.webhooks, alert: alert, level: level.level, at: env.at, db: db)
        try OnCallStore.recordPages(reach.pageRecords, alertID: alert.id, team: level.team, level: level.level, at: env.at, db: db)
        try event(alert.id, kind: "paged", actor: env.actor, from: nil, to: nil, note: AlertNotifier.pagedNote(reach, level: level.level),
                  detail: ["level": .int(Int64(level.level)), "to": .array(level.notify.map(JSONValue.string)), "emails": .int(Int64(queued)),
                           "webhooks": .array(reach.webhooks.map(JSONValue.string))],
                  at: env.at, db: db)
        return queued
    }

    /// A level nobody can take (every login deactivated, unknown or without an address):
    /// the alert moves on to the next level now, and its history says why.
    static func escalatePast(_ alert: AlertRecord, level: AlertRouting.Level, to next: AlertRouting.Level, reason: String,
                             env: Environment, db: Database) throws -> Int {
        try db.cachedExecute(sql: "UPDATE alert SET escalation_level = ?, escalated_at = ? WHERE id = ?",
                             arguments: [next.level, Timestamp.format(env.at), alert.id])
        try event(alert.id, kind: "escalated", actor: env.actor, from: nil, to: nil,
                  note: "nobody at level \(level.level) can be paged; on to level \(next.level)",
                  detail: ["level": .int(Int64(next.level))], at: env.at, db: db, impersonator: env.impersonator)
        return try page(try AppDatabase.alert(id: alert.id, db: db), level: next, reason: reason, env: env, db: db)
    }

    /// Records a fire/resolve change and answers whether the fingerprint now flaps.
    static func flip(_ fingerprint: String, env: Environment, db: Database) throws -> Bool {
        try db.cachedExecute(sql: "INSERT INTO alert_flip (fingerprint, at) VALUES (?, ?)", arguments: [fingerprint, Timestamp.format(env.at)])
        let since = Timestamp.format(env.at.addingTimeInterval(-env.flap.window))
        let n = try Int.fetchOneCached(db, sql: "SELECT count(*) FROM alert_flip WHERE fingerprint = ? AND at > ?", arguments: [fingerprint, since]) ?? 0
        return env.flap.isFlapping(changesInWindow: n)
    }

    /// Ends an occurrence: the signal is resolved and, when people still had it active,
    /// so is its workflow state. A false-positive or closed row stays closed.
    static func endOccurrence(_ open: AlertRecord, at date: Date, actor: String, bySource: Bool, note: String?,
                              env: inout Environment, db: Database) throws -> (alert: AlertRecord, audited: Bool) {
        let at = Timestamp.format(date)
        let wasFiring = open.status == .firing
        try db.cachedExecute(sql: "UPDATE alert SET status = 'resolved', ends_at = ?, last_seen_at = max(last_seen_at, ?) WHERE id = ?",
                       arguments: [at, at, open.id])
        if open.state.isActive {
            try db.cachedExecute(sql: """
                UPDATE alert SET state = 'resolved', resolved_by = ?, resolved_at = ?, snoozed_until = NULL, updated_at = ?,
                    version = version + ? WHERE id = ?
                """, arguments: [actor, at, at, bySource ? 0 : 1, open.id])
            try event(open.id, kind: bySource ? "resolved_by_source" : "resolved", actor: actor, from: open.state, to: .resolved,
                      note: note, detail: nil, at: date, db: db, impersonator: env.impersonator)
        } else if bySource {
            try event(open.id, kind: "source_resolved", actor: actor, from: nil, to: nil, note: nil, detail: nil, at: date, db: db)
        }
        // Counted for flap detection; the flag itself matters only while a row can page.
        if wasFiring { _ = try flip(open.fingerprint, env: env, db: db) }
        let stored = try AppDatabase.alert(id: open.id, db: db)
        let audited = try AppDatabase.auditTransition(from: open.status, to: stored, at: date, actor: actor,
                                                      impersonator: env.impersonator, db: db)
        return (stored, audited)
    }

    static func applyBatch(_ signals: [AlertSignal], actor: String, impersonator: String? = nil, at date: Date,
                           db: Database) throws -> AlertIngestReport {
        try run(signals, alsoEnd: [], at: date, env: Environment.load(db: db, actor: actor, impersonator: impersonator, at: date), db: db)
    }

    static func sync(_ signals: [AlertSignal], source: String, actor: String, impersonator: String? = nil, at date: Date,
                     db: Database) throws -> AlertIngestReport {
        let env = try Environment.load(db: db, actor: actor, impersonator: impersonator, at: date)
        let present = Set(signals.filter(\.firing).map(\.fingerprint))
        let open = try String.fetchAll(db, sql: "SELECT fingerprint FROM alert INDEXED BY alert_open_source WHERE source = ? AND status <> 'resolved'",
                                       arguments: [source])
        return try run(signals.map { var s = $0; s.source = source; return s }, alsoEnd: open.filter { !present.contains($0) },
                       at: date, env: env, db: db)
    }

    /// One history row.
    static func event(_ alertID: Int64, kind: String, actor: String, from: AlertState?, to: AlertState?, note: String?,
                      detail: [String: JSONValue]?, at date: Date, db: Database, impersonator: String? = nil) throws {
        try event(alertID, kind: kind, actor: actor, from: from, to: to, note: note, detailJSON: detail.map { JSONValue.object($0).canonical },
                  at: date, db: db, impersonator: impersonator)
    }

    /// `event` with the detail already in canonical JSON (the batch path reuses one per page).
    static func event(_ alertID: Int64, kind: String, actor: String, from: AlertState?, to: AlertState?, note: String?,
                      detailJSON: String?, at date: Date, db: Database, impersonator: String? = nil) throws {
        try db.cachedExecute(sql: eventSQL, arguments: [alertID, Timestamp.format(date), actor, kind, from?.rawValue, to?.rawValue, note, detailJSON])
        if IncidentAutoEntries.followsAlert(kind) {
            try IncidentAutoEntries.alert(.init(alertID: alertID, kind: kind, actor: actor, note: note, at: date, impersonator: impersonator), db: db)
        }
    }

    static let eventSQL = "INSERT INTO alert_event (alert_id, at, actor, kind, from_state, to_state, note, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
}
