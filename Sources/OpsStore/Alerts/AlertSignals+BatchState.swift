import Foundation
internal import GRDB
import OpsCore

// The state of one batch (`AlertSignals+Batch.swift`): what it preloads, what it gathers,
// and the statements it runs once per alert.

extension AlertSignals.OpenRow {
    /// The open row's columns, after the preload's three (`Batch.init`).
    static let columns = "o.id, o.rule, o.status, o.state, o.severity, o.summary, o.labels, o.annotations, o.runbook_url, o.value, o.team, o.silence_id, o.flapping, o.escalation_level"

    /// Read in place from the statement's current row, nil when the row has no open
    /// occurrence: `columns` start at column `first` (no `Row` copy, no lookup by name).
    init?(_ c: StoredColumns, first: Int32) {
        guard let id = c.optionalInt64(first) else { return nil }
        let f = first
        self.init(id: id, rule: c.string(f + 1) ?? "", status: c.string(f + 2).flatMap(AlertStatus.init(rawValue:)) ?? .firing,
                  state: c.string(f + 3).flatMap(AlertState.init(rawValue:)) ?? .open,
                  severity: c.string(f + 4).flatMap(AlertSeverity.init(rawValue:)) ?? .warning,
                  summary: c.string(f + 5) ?? "", labelsJSON: c.string(f + 6) ?? "{}", annotationsJSON: c.string(f + 7) ?? "{}",
                  runbookURL: c.string(f + 8), value: c.optionalDouble(f + 9), team: c.string(f + 10), silenceID: c.optionalInt64(f + 11),
                  flapping: c.int64(f + 12) == 1, escalationLevel: Int(c.int64(f + 13)))
    }
}

extension AlertSignals {
    /// What the batch knows of one open row.
    struct OpenRow {
        var id: Int64
        var rule: String
        var status: AlertStatus
        var state: AlertState
        var severity: AlertSeverity
        var summary: String
        /// As stored (canonical JSON): a repeat is recognised without decoding it.
        var labelsJSON: String
        var annotationsJSON: String
        var runbookURL: String?
        var value: Double?
        var team: String?
        var silenceID: Int64?
        var flapping: Bool
        var escalationLevel: Int

    }

    /// A level-1 page waiting for the end of the batch.
    struct PendingPage {
        var id: Int64
        var severity: AlertSeverity
        var summary: String
    }

    struct Batch {
        var open: [String: OpenRow] = [:]
        var lastID: [String: Int64] = [:]
        var flips: [String: Int] = [:]
        var pages: [String: [PendingPage]] = [:]
        var recipients: [String: AlertNotifier.Reach] = [:]
        /// History details shared by many alerts of the batch, in canonical JSON.
        var details: [String: String] = [:]
        var fired: [Int64] = []
        var ended: [Int64] = []
        /// History rows a linked incident's timeline follows, written at the end of the batch.
        var incidentEvents: [IncidentAutoEntries.AlertEvent] = []
        var report = AlertIngestReport()
        let statements: Statements
        /// The last dates formatted and their text: a payload has one or two (`Timestamp.format`
        /// was 2 % of ingest, called four times per alert).
        private var formatted: [(date: Date, text: String)] = []

        mutating func format(_ date: Date) -> String {
            if let known = formatted.first(where: { $0.date == date }) { return known.text }
            let text = Timestamp.format(date)
            if formatted.count == 4 { formatted.removeFirst() }
            formatted.append((date, text))
            return text
        }

        /// Reads what the batch needs to know about `fingerprints` in one cached statement
        /// that takes the whole list as one JSON array: per fingerprint, its recent flips,
        /// its open row, and the newest occurrence's id (the open row's when there is one:
        /// a new occurrence starts only when none is open), each an index seek.
        init(fingerprints: Set<String>, env: Environment, db: Database) throws {
            statements = try Statements(db: db)
            let list = JSONValue.array(fingerprints.map(JSONValue.string)).canonical
            let since = Timestamp.format(env.at.addingTimeInterval(-env.flap.window))
            let statement = try db.cachedStatement(sql: """
                SELECT (SELECT count(*) FROM alert_flip WHERE fingerprint = j.value AND at > ?2), j.value,
                    coalesce(o.id, (SELECT max(id) FROM alert WHERE fingerprint = j.value)), \(OpenRow.columns)
                FROM json_each(?1) j LEFT JOIN alert o ON o.fingerprint = j.value AND o.status <> 'resolved'
                """)
            // The cursor steps on the first column (never NULL); the others are read in place.
            let counts = try Int64.fetchCursor(statement, arguments: [list, since])
            let row = StoredColumns(statement)
            while let n = try counts.next() {
                guard let fingerprint = row.string(1) else { continue }
                if n > 0 { flips[fingerprint] = Int(n) }
                if let id = row.optionalInt64(2) { lastID[fingerprint] = id }
                if let openRow = OpenRow(row, first: 3) { open[fingerprint] = openRow }
            }
        }

        /// Counts a fire/resolve change; answers whether the fingerprint now flaps.
        mutating func flip(_ fingerprint: String, env: Environment) throws -> Bool {
            statements.flip.bind(1, fingerprint)
            statements.flip.bind(2, format(env.at))
            try statements.flip.run()
            let n = flips[fingerprint, default: 0] + 1
            flips[fingerprint] = n
            return env.flap.isFlapping(changesInWindow: n)
        }

        /// `AlertSignals.event` through the batch's raw statement.
        mutating func event(_ alertID: Int64, kind: String, actor: String, from: AlertState?, to: AlertState?, note: String?,
                   detailJSON: String?, at date: Date) throws {
            let s = statements.event
            s.bind(1, alertID)
            s.bind(2, format(date))
            s.bind(3, actor)
            s.bind(4, kind)
            s.bind(5, from?.rawValue)
            s.bind(6, to?.rawValue)
            s.bind(7, note)
            s.bind(8, detailJSON)
            try s.run()
            if IncidentAutoEntries.followsAlert(kind) {
                incidentEvents.append(.init(alertID: alertID, kind: kind, actor: actor, note: note, at: date))
            }
        }

        mutating func event(_ alertID: Int64, kind: String, actor: String, from: AlertState?, to: AlertState?, note: String?,
                   detail: [String: JSONValue]?, at date: Date) throws {
            try event(alertID, kind: kind, actor: actor, from: from, to: to, note: note,
                      detailJSON: detail.map { JSONValue.object($0).canonical }, at: date)
        }
    }

    /// The statements a batch runs once per alert, bound through the C API (`RawStatement`):
    /// GRDB's argument arrays were about a tenth of the ingest time.
    struct Statements {
        let insert: RawStatement
        let touch: RawStatement
        let resolveActive: RawStatement
        let resolveInactive: RawStatement
        let flip: RawStatement
        let event: RawStatement

        init(db: Database) throws {
            insert = try RawStatement(db, sql: """
                INSERT INTO alert (fingerprint, rule, source, labels, annotations, severity, status, summary, runbook_url,
                    value, starts_at, last_seen_at, occurrences, team, state, previous_id, group_key, service, silence_id, updated_at,
                    flapping, escalation_level, escalated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'firing', ?, ?, ?, ?, ?, 1, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            touch = try RawStatement(db, sql: "UPDATE alert SET last_seen_at = ? WHERE id = ?")
            resolveActive = try RawStatement(db, sql: """
                UPDATE alert SET status = 'resolved', ends_at = ?1, last_seen_at = max(last_seen_at, ?1), state = 'resolved',
                    resolved_by = ?2, resolved_at = ?1, snoozed_until = NULL, updated_at = ?1 WHERE id = ?3
                """)
            resolveInactive = try RawStatement(db, sql: "UPDATE alert SET status = 'resolved', ends_at = ?1, last_seen_at = max(last_seen_at, ?1) WHERE id = ?2")
            flip = try RawStatement(db, sql: "INSERT INTO alert_flip (fingerprint, at) VALUES (?, ?)")
            event = try RawStatement(db, sql: AlertSignals.eventSQL)
        }
    }
}
