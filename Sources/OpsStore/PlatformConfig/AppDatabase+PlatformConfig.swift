import Foundation
internal import GRDB
import OpsCore

/// Platform configuration change sets: draft, review (four-eyes), apply per environment,
/// verify, roll back. Each action is one transaction with its history and audit rows; an
/// apply also writes the `changes` event of kind config.
extension AppDatabase {
    /// Drafts a change set; with `submit`, sends it to review at once (or approves it when
    /// none of its keys needs approval).
    public func draftConfigChange(_ assignments: [(key: String, value: String)], environments: [ConfigEnvironment] = ConfigEnvironment.allCases,
                                  rationale: String, impact: String?, submit: Bool, registry: PlatformRegistry = .penguinMails,
                                  as context: ActorContext) throws(OpsError) -> ConfigChangeSet {
        let items = try ConfigLifecycle.validateDraft(rationale: rationale, impact: impact, assignments: assignments,
                                                      environments: environments, registry: registry)
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.configPropose, actor: actor)
            let now = clock.now()
            try Self.checkProposal(items, except: [], registry: registry, db: db)
            try db.execute(sql: "INSERT INTO config_change_set (status, rationale, impact, author, created_at, updated_at) VALUES ('draft', ?, ?, ?, ?, ?)",
                           arguments: [rationale.trimmingCharacters(in: .whitespacesAndNewlines), impact, actor.login, Timestamp.format(now), Timestamp.format(now)])
            let id = db.lastInsertedRowID
            try Self.insertItems(items, set: id, db: db)
            try Self.history(db, action: "draft", set: id, env: nil, by: actor.login, at: now)
            var set = try Self.loadChangeSet(id, db: db)
            if submit { set = try submitLocked(set, actor: actor.login, registry: registry, now: now, db: db) }
            try audit(AuditChain.Record(action: "config.draft", target: "config change set \(id)", after: Self.json(set)), context, db: db)
            return set
        }
    }

    /// Replaces values in one's own draft and/or submits it.
    public func editConfigChange(_ id: Int64, _ assignments: [(key: String, value: String)], environments: [ConfigEnvironment] = ConfigEnvironment.allCases,
                                 submit: Bool, registry: PlatformRegistry = .penguinMails, as context: ActorContext) throws(OpsError) -> ConfigChangeSet {
        if assignments.isEmpty && !submit { throw .invalid(field: "values", message: "name KEY=VALUE pairs to change, or --submit.") }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.configPropose, actor: actor)
            let before = try Self.loadChangeSet(id, db: db)
            guard before.status == .draft else {
                throw OpsError.conflict("Change set \(id) is \(before.status); only a draft can be edited (draft a new change set instead).")
            }
            guard before.author.lowercased() == actor.login.lowercased() else {
                throw OpsError.permissionDenied("Change set \(id) is \(before.author)'s draft; only its author edits it.")
            }
            let now = clock.now()
            if !assignments.isEmpty {
                let items = try ConfigLifecycle.validateDraft(rationale: before.rationale, impact: nil, assignments: assignments,
                                                              environments: environments, registry: registry)
                var merged = before.items.filter { old in !items.contains { $0.key == old.key && $0.environment == old.environment } }
                merged += items
                try Self.checkProposal(merged, except: Set([id] + (before.rollbackOf.map { [$0] } ?? [])), registry: registry, db: db)
                try db.execute(sql: "DELETE FROM config_change_item WHERE change_set = ?", arguments: [id])
                try Self.insertItems(merged, set: id, db: db)
                try Self.history(db, action: "edit", set: id, env: nil, by: actor.login, at: now)
            }
            var set = try Self.loadChangeSet(id, db: db)
            if submit { set = try submitLocked(set, actor: actor.login, registry: registry, now: now, db: db) }
            try db.execute(sql: "UPDATE config_change_set SET updated_at = ? WHERE id = ?", arguments: [Timestamp.format(now), id])
            try audit(AuditChain.Record(action: "config.edit", target: "config change set \(id)", before: Self.json(before), after: Self.json(set)), context, db: db)
            return set
        }
    }

    /// Approves or rejects another person's change set in review.
    public func reviewConfigChange(_ id: Int64, approve: Bool, reason: String?, registry: PlatformRegistry = .penguinMails,
                                   as context: ActorContext) throws(OpsError) -> ConfigChangeSet {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !approve, (reason ?? "").isEmpty { throw .invalid(field: "reason", message: "a rejection needs a reason the author can act on.") }
        if let reason, reason.count > 2_000 { throw .invalid(field: "reason", message: "keep the reason under 2,000 characters.") }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.configApprove, actor: actor)
            let before = try Self.loadChangeSet(id, db: db)
            let next = try ConfigLifecycle.next(before.status, approve ? .approve : .reject, id: id)
            try ConfigLifecycle.checkReviewer(actor.login, of: before)
            if approve { try Self.checkRules(before.items, registry: registry, db: db) }
            let now = clock.now()
            try db.execute(sql: "UPDATE config_change_set SET status = ?, approver = ?, reject_reason = ?, updated_at = ? WHERE id = ?",
                           arguments: [next.rawValue, actor.login, approve ? nil : reason, Timestamp.format(now), id])
            try Self.history(db, action: approve ? "approve" : "reject", set: id, env: nil, by: actor.login, at: now, note: reason)
            let after = try Self.loadChangeSet(id, db: db)
            try audit(AuditChain.Record(action: approve ? "config.approve" : "config.reject", target: "config change set \(id)",
                                        before: .object(["status": .string(before.status.rawValue)]), after: Self.json(after), reason: reason),
                      context, db: db)
            return after
        }
    }

    // MARK: - Helpers in the caller's transaction

    func submitLocked(_ set: ConfigChangeSet, actor: String, registry: PlatformRegistry, now: Date, db: Database) throws -> ConfigChangeSet {
        var status = try ConfigLifecycle.next(set.status, .submit, id: set.id)
        try Self.history(db, action: "submit", set: set.id, env: nil, by: actor, at: now)
        if !ConfigLifecycle.needsApproval(set, registry: registry) {
            status = .approved
            try Self.history(db, action: "approve", set: set.id, env: nil, by: actor, at: now, note: "no key in this change set needs approval")
        }
        try db.execute(sql: "UPDATE config_change_set SET status = ?, updated_at = ? WHERE id = ?", arguments: [status.rawValue, Timestamp.format(now), set.id])
        return try Self.loadChangeSet(set.id, db: db)
    }

    static func insertItems(_ items: [ConfigChangeSet.Item], set: Int64, db: Database) throws {
        for item in items {
            try db.execute(sql: "INSERT INTO config_change_item (change_set, key, environment, value) VALUES (?, ?, ?, ?)",
                           arguments: [set, item.key, item.environment.rawValue, item.value])
        }
    }

    /// Conflicts with other open change sets (but `except`: the set itself, the set it rolls
    /// back), then the rules on the resulting configuration.
    static func checkProposal(_ items: [ConfigChangeSet.Item], except: Set<Int64>, registry: PlatformRegistry, db: Database) throws {
        let keys = Array(Set(items.map(\.key))).sorted()
        let placeholders = keys.map { _ in "?" }.joined(separator: ",")
        let rows = try Row.fetchAll(db, sql: """
            SELECT i.change_set, i.key FROM config_change_item i JOIN config_change_set s ON s.id = i.change_set
            WHERE i.key IN (\(placeholders)) AND s.status NOT IN ('rejected','production_verified','rolled_back')
            ORDER BY i.change_set
            """, arguments: StatementArguments(keys))
        var open: [Int64: [String]] = [:]
        for row in rows { open[row["change_set"], default: []].append(row["key"]) }
        try ConfigLifecycle.checkConflicts(keys: keys, against: open.sorted { $0.key < $1.key }.map { (id: $0.key, keys: $0.value) }, except: except)
        try checkRules(items, registry: registry, db: db)
    }

    /// Refuses items whose resulting configuration breaks a constraint or policy.
    static func checkRules(_ items: [ConfigChangeSet.Item], registry: PlatformRegistry, db: Database) throws {
        var violations: [ConfigViolation] = []
        for env in ConfigEnvironment.allCases where items.contains(where: { $0.environment == env }) {
            var values = try snapshot(env, revision: nil, registry: registry, db: db).values
            for item in items where item.environment == env { values[item.key] = item.value }
            violations += ConfigRules.evaluate(ConfigView(environment: env, values: values, registry: registry))
        }
        try ConfigRules.refuse(violations)
    }

    static func json(_ set: ConfigChangeSet) -> JSONValue {
        .object(["status": .string(set.status.rawValue), "rationale": .string(set.rationale),
                 "items": .array(set.items.map { .string("\($0.environment):\($0.key)=\($0.value)") })])
    }
}
