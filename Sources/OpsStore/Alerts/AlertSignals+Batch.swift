import Foundation
internal import GRDB
import OpsCore

/// The batch path for signals from Alertmanager (a webhook payload, an API poll): the same
/// rules as `apply` (occurrences, routing, silences, flapping, level-1 pages, history), with
/// the per-alert work a payload can share done once per payload:
/// - the payload's open rows, newest ids and recent flips are read in one query, then
///   kept in memory as the batch changes them (no row is read back after a write);
/// - level-1 pages are gathered: one email per person per team per payload, listing the
///   alerts (Alertmanager groups its notifications the same way); each alert's history
///   still says it was paged;
/// - one audit row records the batch (counts and the alerts that started or stopped
///   firing) instead of one per alert.
/// Issue 5 asks for 10,000 alerts/s; BENCHMARKS.md has the before and after.
extension AlertSignals {
    /// Applies the signals in order, then ends the open rows of `alsoEnd` that are still
    /// open (what an API poll no longer lists).
    static func run(_ signals: [AlertSignal], alsoEnd: [String], at date: Date, env: Environment, db: Database) throws -> AlertIngestReport {
        // A payload touches a few pages of each of the alert table's ~20 indexes per alert;
        // with SQLite's default 2 MB cache they spilled and were read back mid-transaction
        // (resolving: 480 µs per alert at 2 MB, 120 µs at 64 MB). The default returns after.
        if signals.count + alsoEnd.count > 100 {
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        defer { if signals.count + alsoEnd.count > 100 { try? db.execute(sql: "PRAGMA cache_size = -2000") } }
        var batch = try Batch(fingerprints: Set(signals.map(\.fingerprint)).union(alsoEnd), env: env, db: db)
        for signal in signals {
            if signal.firing {
                try fire(signal, at: date, batch: &batch, env: env, db: db)
            } else if let open = batch.open[signal.fingerprint] {
                try end(signal.fingerprint, open, at: min(signal.endsAt ?? date, date), batch: &batch, env: env, db: db)
            } else {
                batch.report.unchanged += 1
            }
        }
        for fingerprint in alsoEnd {
            if let open = batch.open[fingerprint] { try end(fingerprint, open, at: date, batch: &batch, env: env, db: db) }
        }
        try finish(&batch, env: env, db: db)
        return batch.report
    }

    /// A firing signal: refreshes the open row, or starts a new occurrence.
    static func fire(_ signal: AlertSignal, at date: Date, batch: inout Batch, env: Environment, db: Database) throws {
        let at = batch.format(date)
        let labels = AlertRecord.encode(signal.labels)
        let annotations = AlertRecord.encode(signal.annotations)
        if var open = batch.open[signal.fingerprint] {
            let same = open.status == .firing && open.severity == signal.severity && open.summary == signal.summary
                && open.labelsJSON == labels && open.annotationsJSON == annotations && open.runbookURL == signal.runbookURL
                && open.value == signal.value && open.rule == signal.rule
            if same {
                batch.statements.touch.bind(1, at)
                batch.statements.touch.bind(2, open.id)
                try batch.statements.touch.run()
                batch.report.unchanged += 1
                return
            }
            let bump = open.status != .firing ? 1 : 0
            try db.cachedExecute(sql: """
                UPDATE alert SET rule = ?, labels = ?, annotations = ?, severity = ?, status = 'firing', summary = ?,
                    runbook_url = ?, value = ?, last_seen_at = ?, occurrences = occurrences + ?
                WHERE id = ?
                """, arguments: [signal.rule, labels, annotations, signal.severity.rawValue,
                                 signal.summary, signal.runbookURL, signal.value, at, bump, open.id])
            open.rule = signal.rule
            open.labelsJSON = labels
            open.annotationsJSON = annotations
            open.severity = signal.severity
            open.summary = signal.summary
            open.runbookURL = signal.runbookURL
            open.value = signal.value
            if bump == 1 {
                open.status = .firing
                try fired(signal.fingerprint, &open, batch: &batch, env: env, db: db)
            }
            batch.open[signal.fingerprint] = open
            batch.report.updated += 1
            return
        }
        // A new occurrence, linked to the fingerprint's previous one.
        let previous = batch.lastID[signal.fingerprint]
        let (team, groupKey, silence) = env.place(labels: signal.labels, rule: signal.rule, severity: signal.severity, team: nil)
        // Flapping and level 1 are known before the row is written, so the INSERT carries
        // them (an UPDATE afterwards rewrote the row and two of its indexes).
        let flapping = try batch.flip(signal.fingerprint, env: env)
        let level = silence == nil ? team.flatMap { env.routing.level(team: $0, 1) } : nil
        let s = batch.statements.insert
        s.bind(1, signal.fingerprint)
        s.bind(2, signal.rule)
        s.bind(3, signal.source)
        s.bind(4, labels)
        s.bind(5, annotations)
        s.bind(6, signal.severity.rawValue)
        s.bind(7, signal.summary)
        s.bind(8, signal.runbookURL)
        s.bind(9, signal.value)
        s.bind(10, Timestamp.format(min(signal.startsAt, date)))
        s.bind(11, at)
        s.bind(12, team)
        s.bind(13, previous)
        s.bind(14, groupKey)
        s.bind(15, signal.labels["service"] ?? "")
        s.bind(16, silence)
        s.bind(17, at)
        s.bind(18, flapping ? 1 : 0)
        s.bind(19, level == nil ? 0 : 1)
        s.bind(20, level == nil ? nil : at)
        try s.run()
        let id = db.lastInsertedRowID
        batch.lastID[signal.fingerprint] = id
        batch.fired.append(id)
        var created: String
        if let previous {
            created = JSONValue.object(["source": .string(signal.source), "status": .string("firing"), "previous": .int(previous)]).canonical
        } else if let known = batch.details["created " + signal.source] {
            created = known
        } else {
            created = JSONValue.object(["source": .string(signal.source), "status": .string("firing")]).canonical
            batch.details["created " + signal.source] = created
        }
        try batch.event(id, kind: "created", actor: env.actor, from: nil, to: .open, note: nil, detailJSON: created, at: date)
        if let silence {
            try batch.event(id, kind: "silenced", actor: env.actor, from: nil, to: nil, note: nil, detail: ["silence": .int(silence)], at: date)
        }
        if flapping { try flappingEvent(id, batch: &batch, env: env) }
        let row = OpenRow(id: id, rule: signal.rule, status: .firing, state: .open, severity: signal.severity, summary: signal.summary,
                          labelsJSON: labels, annotationsJSON: annotations, runbookURL: signal.runbookURL, value: signal.value,
                          team: team, silenceID: silence, flapping: flapping, escalationLevel: level == nil ? 0 : 1)
        if let level { try page(row, level: level, batch: &batch, env: env, db: db) }
        batch.open[signal.fingerprint] = row
        batch.report.created += 1
    }

    static func flappingEvent(_ id: Int64, batch: inout Batch, env: Environment) throws {
        try batch.event(id, kind: "flapping", actor: env.actor, from: nil, to: nil,
                        note: "\(env.flap.changes) or more fire/resolve changes within \(AlertRouting.format(env.flap.window)); pages are damped",
                        detailJSON: nil, at: env.at)
    }

    /// Level 1 for a row that just got `escalation_level = 1`: held when flapping, else
    /// a history entry now and the email at the end of the batch.
    static func page(_ row: OpenRow, level: AlertRouting.Level, batch: inout Batch, env: Environment, db: Database) throws {
        if row.flapping {
            try batch.event(row.id, kind: "page_held", actor: env.actor, from: nil, to: nil, note: "flapping: level 1 not paged",
                            detail: ["level": .int(1)], at: env.at)
            return
        }
        let reach = try reach(level, batch: &batch, at: env.at, db: db)
        if reach.isEmpty, env.routing.level(team: level.team, level.level + 1) != nil {
            // Nobody at level 1 can take it: the single-alert path records why and pages the next level now.
            try AlertSignals.page(try AppDatabase.alert(id: row.id, db: db), level: level, reason: "fired", env: env, db: db)
            return
        }
        if !reach.missed.isEmpty {
            try batch.event(row.id, kind: "page_skipped", actor: env.actor, from: nil, to: nil, note: "level 1: \(reach.missedNote)",
                            detail: ["level": .int(1)], at: env.at)
        }
        let key = "paged " + level.team
        let detail: String
        if let known = batch.details[key] {
            detail = known
        } else {
            let to = reach.emails
            detail = JSONValue.object(["level": .int(1), "to": .array(level.notify.map(JSONValue.string)), "emails": .int(Int64(to.count))]).canonical
            batch.details[key] = detail
        }
        try batch.event(row.id, kind: "paged", actor: env.actor, from: nil, to: nil, note: AlertNotifier.pagedNote(reach, level: 1),
                        detailJSON: detail, at: env.at)
        batch.pages[level.team, default: []].append(PendingPage(id: row.id, severity: row.severity, summary: row.summary))
    }

    /// `AlertSignals.fired` for the batch (a pending row that now fires): the flip,
    /// flapping, and level 1.
    static func fired(_ fingerprint: String, _ row: inout OpenRow, batch: inout Batch, env: Environment, db: Database) throws {
        batch.fired.append(row.id)
        let flapping = try batch.flip(fingerprint, env: env)
        if flapping != row.flapping {
            try db.cachedExecute(sql: "UPDATE alert SET flapping = ? WHERE id = ?", arguments: [flapping ? 1 : 0, row.id])
            row.flapping = flapping
            if flapping { try flappingEvent(row.id, batch: &batch, env: env) }
        }
        guard row.state == .open, row.silenceID == nil, let team = row.team, let first = env.routing.level(team: team, 1), row.escalationLevel == 0 else {
            return
        }
        try db.cachedExecute(sql: "UPDATE alert SET escalation_level = 1, escalated_at = ? WHERE id = ?", arguments: [Timestamp.format(env.at), row.id])
        row.escalationLevel = 1
        try page(row, level: first, batch: &batch, env: env, db: db)
    }

    /// Who a team's level 1 reaches (looked up once per batch).
    static func reach(_ level: AlertRouting.Level, batch: inout Batch, at date: Date, db: Database) throws -> AlertNotifier.Reach {
        if let known = batch.recipients[level.team] { return known }
        let reach = try AlertNotifier.reach(logins: level.notify, at: date, db: db)
        batch.recipients[level.team] = reach
        return reach
    }

    /// `endOccurrence` for the batch, by the source.
    static func end(_ fingerprint: String, _ open: OpenRow, at date: Date, batch: inout Batch, env: Environment, db: Database) throws {
        let at = batch.format(date)
        if open.state.isActive {
            let s = batch.statements.resolveActive
            s.bind(1, at)
            s.bind(2, env.actor)
            s.bind(3, open.id)
            try s.run()
            try batch.event(open.id, kind: "resolved_by_source", actor: env.actor, from: open.state, to: .resolved, note: nil, detailJSON: nil, at: date)
        } else {
            let s = batch.statements.resolveInactive
            s.bind(1, at)
            s.bind(2, open.id)
            try s.run()
            try batch.event(open.id, kind: "source_resolved", actor: env.actor, from: nil, to: nil, note: nil, detailJSON: nil, at: date)
        }
        if open.status == .firing {
            _ = try batch.flip(fingerprint, env: env)
            batch.ended.append(open.id)
        }
        batch.open[fingerprint] = nil
        batch.report.resolved += 1
    }

    /// Sends the gathered pages and writes the batch's audit row.
    static func finish(_ batch: inout Batch, env: Environment, db: Database) throws {
        for (team, pages) in batch.pages.sorted(by: { $0.key < $1.key }) {
            guard let level = env.routing.level(team: team, 1) else { continue }
            let intro = "You are paged (team \(team), level 1, fired). Acknowledge within \(AlertRouting.format(level.after)) or it escalates."
            let subject: String
            let body: String
            var alertID: Int64?
            if pages.count == 1, let only = pages.first {
                alertID = only.id
                let alert = try AppDatabase.alert(id: only.id, db: db)
                subject = "[\(alert.severity.rawValue.uppercased())] \(AlertNotifier.oneLine(alert.summary))"
                body = AlertNotifier.body(alert, intro: intro)
            } else {
                let worst = pages.map(\.severity).min() ?? .info
                subject = "[\(worst.rawValue.uppercased())] \(pages.count) alerts for team \(team)"
                body = AlertNotifier.digest(pages.map { ($0.id, $0.severity, $0.summary) }, intro: intro)
            }
            let reached = try reach(level, batch: &batch, at: env.at, db: db)
            for email in reached.emails {
                try OutboxStore.enqueue(kind: "alert", to: email, subject: subject, body: body, alertID: alertID, at: env.at, db: db)
            }
            for page in pages {
                try OnCallStore.recordPages(reached.pageRecords, alertID: page.id, team: team, level: 1, at: env.at, db: db)
            }
            // A webhook page is one per alert (a chat channel or bot wants each), never a digest.
            for page in pages where !reached.webhooks.isEmpty {
                try AlertNotifier.notifyWebhooks(reached.webhooks, alert: try AppDatabase.alert(id: page.id, db: db), level: 1, at: env.at, db: db)
            }
        }
        let followed = try !batch.incidentEvents.isEmpty && IncidentAutoEntries.anyAlertFollowed(db: db)
        for var event in followed ? batch.incidentEvents : [] {
            event.impersonator = env.impersonator
            try IncidentAutoEntries.alert(event, db: db)
        }
        guard !batch.fired.isEmpty || !batch.ended.isEmpty else { return }
        let r = batch.report
        func ids(_ list: [Int64]) -> JSONValue { .array(list.prefix(1_000).map { .int($0) }) }
        let after: JSONValue = .object([
            "created": .int(Int64(r.created)), "updated": .int(Int64(r.updated)), "resolved": .int(Int64(r.resolved)),
            "unchanged": .int(Int64(r.unchanged)), "fired": ids(batch.fired), "ended": ids(batch.ended),
            "firedCount": .int(Int64(batch.fired.count)), "endedCount": .int(Int64(batch.ended.count)),
        ])
        try AuditChain.append(AuditChain.Record(action: "alerts.batch", target: "alerts", before: nil, after: after),
                              actor: env.actor, impersonator: env.impersonator, at: env.at, db: db)
    }
}

extension AlertNotifier {
    /// The body of a page that lists several alerts of one payload.
    static func digest(_ alerts: [(id: Int64, severity: AlertSeverity, summary: String)], intro: String) -> String {
        var lines = [intro, ""]
        for a in alerts.prefix(50) {
            lines.append("Alert \(a.id) [\(a.severity.rawValue)] \(oneLine(a.summary))")
        }
        if alerts.count > 50 { lines.append("… and \(alerts.count - 50) more: pmops alerts list --state open") }
        lines += ["", "Acknowledge: pmops alerts ack ID… --note \"…\"", "Details:     pmops alerts show ID", "", "— PenguinOps"]
        return lines.joined(separator: "\n")
    }
}
