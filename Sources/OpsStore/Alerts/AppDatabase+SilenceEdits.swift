import Foundation
internal import GRDB
import OpsCore

/// What a silence's matchers select right now: the silence form's live preview, so a
/// silence that mutes nothing is seen before it is saved.
public struct SilenceMatches: Sendable, Equatable {
    /// Open alerts (not resolved or closed) whose labels match every matcher.
    public var count: Int
    /// The first few of them, oldest first (by id), for the preview line.
    public var sample: [AlertRecord]

    public init(count: Int, sample: [AlertRecord]) {
        self.count = count
        self.sample = sample
    }
}

extension AppDatabase {
    /// The open alerts `matchers` select now (needs alerts.read). The same rule
    /// `addSilence` applies, so the preview and the saved silence cannot disagree.
    public func silenceMatches(_ matchers: [LabelMatcher], sampleLimit: Int = 3,
                               as context: ActorContext) throws(OpsError) -> SilenceMatches {
        try read { db in
            try AccessPolicy.require(.alertsRead, actor: try resolveActor(context, db: db))
            var count = 0
            var ids: [Int64] = []
            let rows = try Row.fetchAll(db, sql: "SELECT id, labels FROM alert WHERE state NOT IN ('resolved', 'closed') ORDER BY id")
            for row in rows where matchers.matches(AlertRecord.decode(row["labels"])) {
                count += 1
                if ids.count < sampleLimit { ids.append(row["id"]) }
            }
            return SilenceMatches(count: count, sample: try ids.map { id throws in try Self.alert(id: id, db: db) })
        }
    }

    /// Extends a silence to end at `endsAt`: the old one is expired and a new one with the
    /// same matchers and comment starts now, in one transaction with one audit row
    /// (`silence.extend`, naming both). Expire-and-recreate keeps every silence row's
    /// times as they were written, as Alertmanager does.
    public func extendSilence(id: Int64, until endsAt: Date, as context: ActorContext) throws(OpsError) -> Silence {
        let now = clock.now()
        guard InputLimits.times.contains(endsAt) else {
            throw .invalid(field: "ends", message: "a silence must end between 1970 and 9999.")
        }
        guard endsAt > now else { throw .invalid(field: "ends", message: "the silence would already be over.") }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.silencesManage, actor: actor)
            guard let old = try Silence.fetchOne(db, sql: "SELECT * FROM silence WHERE id = ?", arguments: [id]) else {
                throw OpsError.notFound("No silence \(id).")
            }
            guard old.endsAt > now, old.expiredBy == nil else {
                throw OpsError.conflict("Silence \(id) already ended at \(Timestamp.format(old.endsAt)); create a new one instead.")
            }
            let start = max(now, old.startsAt)
            guard endsAt > start else { throw OpsError.invalid(field: "ends", message: "the silence must end after it starts (\(Timestamp.format(start))).") }
            guard endsAt.timeIntervalSince(start) <= Self.maxSilence else {
                throw OpsError.invalid(field: "ends", message: "a silence lasts at most 90 days; fix the rule instead.")
            }
            let end = max(now, old.startsAt.addingTimeInterval(0.001))
            try db.execute(sql: "UPDATE silence SET ends_at = ?, expired_by = ?, applied = 2 WHERE id = ?",
                           arguments: [Timestamp.format(end), context.effectiveLogin, id])
            let json = String(decoding: try JSONEncoder().encode(old.matchers), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO silence (matchers, starts_at, ends_at, created_by, created_at, comment) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [json, Timestamp.format(start), Timestamp.format(endsAt), context.effectiveLogin, Timestamp.format(now), old.comment])
            let newID = db.lastInsertedRowID
            guard let fresh = try Silence.fetchOne(db, sql: "SELECT * FROM silence WHERE id = ?", arguments: [newID]) else {
                throw OpsError.failure("The silence vanished while it was written.")
            }
            // The muted alerts move to the new silence without an unmute/mute pair in their history.
            try db.execute(sql: "UPDATE alert SET silence_id = ? WHERE silence_id = ?", arguments: [newID, id])
            // A pending silence is applied by the maintenance pass when it starts, as at creation.
            if fresh.isActive(at: now) { _ = try SilenceStore.apply(fresh, actor: context.effectiveLogin, at: now, db: db) }
            try audit(AuditChain.Record(action: "silence.extend", target: "silence:\(id)",
                                        before: ["ends_at": .string(Timestamp.format(old.endsAt))],
                                        after: ["ends_at": .string(Timestamp.format(end)), "replaced_by": .int(newID),
                                                "new_ends_at": .string(Timestamp.format(endsAt))]), context, db: db)
            return fresh
        }
    }
}
