import Foundation
package import GRDB
import OpsCore

/// A silence: alerts whose labels match every matcher are muted (no pages, no escalation)
/// between `startsAt` and `endsAt`. Muted alerts stay in the queue, dimmed.
public struct Silence: Sendable, Equatable, Codable, Identifiable {
    public var id: Int64
    public var matchers: [LabelMatcher]
    public var startsAt: Date
    public var endsAt: Date
    public var createdBy: String
    public var createdAt: Date
    public var comment: String
    public var expiredBy: String?

    public func isActive(at date: Date) -> Bool { startsAt <= date && date < endsAt }
    public func status(at date: Date) -> String { date < startsAt ? "pending" : date < endsAt ? "active" : "expired" }
}

extension Silence: StoredRecord {
    package init(row: Row) throws {
        id = row["id"]
        let text: String = row["matchers"]
        matchers = (try? JSONDecoder().decode([LabelMatcher].self, from: Data(text.utf8))) ?? []
        startsAt = MetricTime.parse(row["starts_at"]) ?? Date(timeIntervalSince1970: 0)
        endsAt = MetricTime.parse(row["ends_at"]) ?? Date(timeIntervalSince1970: 0)
        createdBy = row["created_by"]
        createdAt = MetricTime.parse(row["created_at"]) ?? Date(timeIntervalSince1970: 0)
        comment = row["comment"]
        expiredBy = row["expired_by"]
    }
}

struct ActiveSilence {
    var id: Int64
    var matchers: [LabelMatcher]
}

enum SilenceStore {
    static func active(at date: Date, db: Database) throws -> [ActiveSilence] {
        let at = Timestamp.format(date)
        return try Silence.fetchAll(db, sql: "SELECT * FROM silence WHERE applied < 2 AND starts_at <= ? AND ends_at > ? ORDER BY id",
                                    arguments: [at, at]).map { ActiveSilence(id: $0.id, matchers: $0.matchers) }
    }

    /// Mutes the active, unmuted alerts that `silence` matches; returns how many.
    static func apply(_ silence: Silence, actor: String, at date: Date, db: Database) throws -> Int {
        var muted = 0
        let rows = try Row.fetchAll(db, sql: "SELECT id, labels FROM alert WHERE state NOT IN ('resolved', 'closed') AND silence_id IS NULL")
        for row in rows {
            let labels = AlertRecord.decode(row["labels"])
            guard silence.matchers.matches(labels) else { continue }
            let id: Int64 = row["id"]
            try db.execute(sql: "UPDATE alert SET silence_id = ? WHERE id = ?", arguments: [silence.id, id])
            try AlertSignals.event(id, kind: "silenced", actor: actor, from: nil, to: nil, note: silence.comment,
                                   detail: ["silence": .int(silence.id)], at: date, db: db)
            muted += 1
        }
        try db.execute(sql: "UPDATE silence SET applied = 1 WHERE id = ?", arguments: [silence.id])
        return muted
    }

    /// Lifts an ended silence: its alerts are unmuted, or moved to another silence that
    /// still matches them. Returns how many were unmuted.
    static func lift(_ silence: Silence, actor: String, at date: Date, db: Database) throws -> Int {
        try db.execute(sql: "UPDATE silence SET applied = 2 WHERE id = ?", arguments: [silence.id])
        let others = try active(at: date, db: db).filter { $0.id != silence.id }
        var lifted = 0
        let rows = try Row.fetchAll(db, sql: "SELECT id, labels FROM alert WHERE silence_id = ?", arguments: [silence.id])
        for row in rows {
            let id: Int64 = row["id"]
            let labels = AlertRecord.decode(row["labels"])
            if let other = others.first(where: { $0.matchers.matches(labels) }) {
                try db.execute(sql: "UPDATE alert SET silence_id = ? WHERE id = ?", arguments: [other.id, id])
            } else {
                try db.execute(sql: "UPDATE alert SET silence_id = NULL WHERE id = ?", arguments: [id])
                try AlertSignals.event(id, kind: "unsilenced", actor: actor, from: nil, to: nil, note: nil,
                                       detail: ["silence": .int(silence.id)], at: date, db: db)
                lifted += 1
            }
        }
        return lifted
    }
}

extension AppDatabase {
    public static let maxSilence: TimeInterval = 90 * 86_400

    /// Creates a silence (needs silences.manage). `startsAt` defaults to now; the comment is
    /// required. Returns the silence and how many alerts it muted at once.
    public func addSilence(matchers: [LabelMatcher], startsAt: Date? = nil, endsAt: Date, comment: String,
                           as context: ActorContext) throws(OpsError) -> (silence: Silence, muted: Int) {
        let now = clock.now()
        let start = startsAt ?? now
        let why = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !matchers.isEmpty else { throw .invalid(field: "matchers", message: "a silence needs at least one matcher.") }
        guard matchers.contains(where: { !$0.op.isNegative && !($0.op == .regex && ($0.value == ".*" || $0.value.isEmpty)) && !($0.op == .equal && $0.value.isEmpty) }) else {
            throw .invalid(field: "matchers", message: "at least one matcher must select something (a silence of only negative or match-all matchers would mute every alert).")
        }
        guard !why.isEmpty else { throw .invalid(field: "comment", message: "say why in the comment; the silence list is read by the next on-call.") }
        guard why.count <= 500, !why.unicodeScalars.contains(where: Printable.isForbidden) else {
            throw .invalid(field: "comment", message: "the comment must be one line of at most 500 characters without control characters.")
        }
        guard endsAt > start else { throw .invalid(field: "ends", message: "the silence must end after it starts (\(Timestamp.format(start))).") }
        guard endsAt > now else { throw .invalid(field: "ends", message: "the silence would already be over.") }
        // Stored times are compared as text, which holds only within 1970…9999.
        guard InputLimits.times.contains(start), InputLimits.times.contains(endsAt) else {
            throw .invalid(field: "ends", message: "a silence must start and end between 1970 and 9999.")
        }
        guard endsAt.timeIntervalSince(start) <= Self.maxSilence else {
            throw .invalid(field: "ends", message: "a silence lasts at most 90 days; fix the rule instead.")
        }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.silencesManage, actor: actor)
            let json = String(decoding: try JSONEncoder().encode(matchers), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO silence (matchers, starts_at, ends_at, created_by, created_at, comment) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [json, Timestamp.format(start), Timestamp.format(endsAt), context.effectiveLogin, Timestamp.format(now), why])
            let id = db.lastInsertedRowID
            guard let silence = try Silence.fetchOne(db, sql: "SELECT * FROM silence WHERE id = ?", arguments: [id]) else {
                throw OpsError.failure("The silence vanished while it was written.")
            }
            let muted = silence.isActive(at: now) ? try SilenceStore.apply(silence, actor: context.effectiveLogin, at: now, db: db) : 0
            try audit(AuditChain.Record(action: "silence.add", target: "silence:\(id)", before: nil,
                                        after: ["matchers": .string(matchers.map(\.description).joined(separator: ", ")),
                                                "starts_at": .string(Timestamp.format(start)), "ends_at": .string(Timestamp.format(endsAt)),
                                                "comment": .string(why), "muted": .int(Int64(muted))]), context, db: db)
            return (silence, muted)
        }
    }

    /// Ends a silence now (needs silences.manage); its alerts are unmuted at once.
    public func expireSilence(id: Int64, as context: ActorContext) throws(OpsError) -> (silence: Silence, unmuted: Int) {
        try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.silencesManage, actor: actor)
            guard let silence = try Silence.fetchOne(db, sql: "SELECT * FROM silence WHERE id = ?", arguments: [id]) else {
                throw OpsError.notFound("No silence \(id).")
            }
            let now = clock.now()
            guard silence.endsAt > now, silence.expiredBy == nil else {
                throw OpsError.conflict("Silence \(id) already ended at \(Timestamp.format(silence.endsAt))\(silence.expiredBy.map { " (expired by \($0))" } ?? "").")
            }
            let end = max(now, silence.startsAt.addingTimeInterval(0.001))
            try db.execute(sql: "UPDATE silence SET ends_at = ?, expired_by = ? WHERE id = ?",
                           arguments: [Timestamp.format(end), context.effectiveLogin, id])
            let unmuted = try SilenceStore.lift(silence, actor: context.effectiveLogin, at: now, db: db)
            try audit(AuditChain.Record(action: "silence.expire", target: "silence:\(id)",
                                        before: ["ends_at": .string(Timestamp.format(silence.endsAt))],
                                        after: ["ends_at": .string(Timestamp.format(end)), "unmuted": .int(Int64(unmuted))]), context, db: db)
            guard let after = try Silence.fetchOne(db, sql: "SELECT * FROM silence WHERE id = ?", arguments: [id]) else {
                throw OpsError.failure("The silence vanished while it was written.")
            }
            return (after, unmuted)
        }
    }

    /// Silences, newest first; expired ones only when asked.
    public func silences(includeExpired: Bool = false, as context: ActorContext) throws(OpsError) -> [Silence] {
        try read { db in
            try AccessPolicy.require(.alertsRead, actor: try resolveActor(context, db: db))
            return try Silence.fetchAll(db, sql: "SELECT * FROM silence WHERE ? OR ends_at > ? ORDER BY id DESC",
                                        arguments: [includeExpired, Timestamp.format(clock.now())])
        }
    }
}
