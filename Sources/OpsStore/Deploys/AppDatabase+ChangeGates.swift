import Foundation
internal import GRDB
import OpsCore

/// Health-gate watches of flag rollout steps and configuration change sets. The change opens
/// one in its own transaction; the collector (as `alertActor`) watches, passes or fails it.
/// A failed flag gate refuses the next rollout step until the flag is killed; a failed
/// configuration gate rolls its change set back at once, as a rollback change set applied
/// by the collector: a store-level rollback, no program is run.
extension AppDatabase {
    public static let flagGateRule = "FlagGateFailed"
    public static let configGateRule = "ConfigGateFailed"

    public static func changeGateFingerprint(_ gate: ChangeGate) -> String {
        switch gate.subject {
        case let .flag(key, step): "flag-gate:\(key):\(gate.id):\(step)"
        case let .config(set, env): "config-gate:\(set):\(env)"
        }
    }

    /// Watches the collector has to judge (a read of a partial index; nothing when idle).
    public func openChangeGates() throws(OpsError) -> [ChangeGate] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM change_gate INDEXED BY change_gate_open WHERE status IN ('pending','watching') ORDER BY id")
                .map(Self.changeGate)
        }
    }

    /// The keys a configuration watch's change set touches (for the gates' `config` lines).
    public func changeGateKeys(_ gate: ChangeGate) throws(OpsError) -> [String] {
        guard case let .config(set, _) = gate.subject else { return [] }
        return try read { db in try Self.loadChangeSet(set, db: db).keys }
    }

    /// A flag's watches, newest first.
    public func flagGates(_ key: String, limit: Int = 20, as context: ActorContext) throws(OpsError) -> [ChangeGate] {
        try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            return try Row.fetchAll(db, sql: "SELECT * FROM change_gate INDEXED BY change_gate_flag WHERE flag = ? ORDER BY id DESC LIMIT ?",
                                    arguments: [key, max(1, limit)]).map(Self.changeGate)
        }
    }

    /// A change set's watches, newest first.
    public func configGates(_ set: Int64, as context: ActorContext) throws(OpsError) -> [ChangeGate] {
        try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            return try Row.fetchAll(db, sql: "SELECT * FROM change_gate INDEXED BY change_gate_set WHERE change_set = ? ORDER BY id DESC",
                                    arguments: [set]).map(Self.changeGate)
        }
    }

    /// The collector found the stanzas judging it: watching until `until`.
    public func watchChangeGate(_ id: Int64, gates: [String], until: Date, at now: Date) throws(OpsError) {
        try gateWrite(id, action: "gate.watch", at: now) { gate, db in
            guard gate.status == .pending else { return false }
            try db.execute(sql: "UPDATE change_gate SET status = 'watching', gates = ?, until = ?, note = ? WHERE id = ?",
                           arguments: [String(gates.joined(separator: ",").prefix(2_000)), Timestamp.format(until),
                                       "health gate until \(Timestamp.format(until))", id])
            return true
        }
    }

    /// The window ended with the gate passing (or no stanza judges it). A configuration
    /// gate that passed marks its environment verified when no person has yet.
    public func passChangeGate(_ id: Int64, note: String, verify: Bool, at now: Date) throws(OpsError) {
        try gateWrite(id, action: "gate.pass", at: now) { gate, db in
            guard gate.status.isOpen else { return false }
            try Self.closeGate(id, status: .passed, note: note, at: now, db: db)
            if verify, case let .config(set, env) = gate.subject {
                let current = try Self.loadChangeSet(set, db: db)
                let wanted: ConfigChangeSet.Status = env == .staging ? .stagingApplied : .productionApplied
                if current.status == wanted {
                    let next = try ConfigLifecycle.next(current.status, env == .staging ? .verifyStaging : .verifyProduction, id: set)
                    try db.execute(sql: "UPDATE config_change_set SET status = ?, updated_at = ? WHERE id = ?",
                                   arguments: [next.rawValue, Timestamp.format(now), set])
                    try Self.history(db, action: "verify", set: set, env: env, by: Self.alertActor, at: now, note: note)
                }
            }
            return true
        }
    }

    /// The gate failed. A flag: a critical alert, and its next rollout step is refused until
    /// it is killed. A change set: rolled back now by a rollback change set the collector
    /// applies (or, when that is refused, a second alert saying so: never silent). Returns
    /// what happened, in one line, or nil when the watch was no longer open.
    @discardableResult
    public func failChangeGate(_ id: Int64, reason: String, registry: PlatformRegistry = .penguinMails, at now: Date) throws(OpsError) -> String? {
        var outcome: String?
        try gateWrite(id, action: "gate.fail", at: now) { gate, db in
            guard gate.status.isOpen else { return false }
            let note = String("health gate failed: \(reason)".prefix(2_000))
            try Self.closeGate(id, status: .failed, note: note, at: now, db: db)
            switch gate.subject {
            case let .flag(key, step):
                try Self.changeEvent(kind: "flag", service: key, version: "gate failed at \(step) %", status: "failed", at: now, db: db)
                try Self.changeGateAlert(gate, rule: Self.flagGateRule, service: gate.gates.first ?? key,
                                         summary: "Flag \(key) at \(step) % failed its health gate (\(reason)); its rollout is held: pmops flags kill \(key)",
                                         at: now, db: db)
                outcome = "flag \(key) at \(step) % failed its gate; rollout held"
            case let .config(set, env):
                try Self.changeEvent(kind: "config", service: "platform-config", version: "cs-\(set) gate failed \(env)", status: "failed", at: now, db: db)
                outcome = try self.autoRollback(set, env: env, gate: gate, reason: reason, registry: registry, at: now, db: db)
            }
            return true
        }
        return outcome
    }

    // MARK: - Inside transactions

    /// A rollout step opens its flag's watch (the previous step's, still open, is superseded);
    /// a kill clears a failure (the rollout restarts at 1 %).
    static func flagGateStep(_ key: String, action: String, step: Int?, at now: Date, db: Database) throws {
        switch action {
        case "rollout":
            let latest = try Row.fetchOne(db, sql: "SELECT * FROM change_gate INDEXED BY change_gate_flag WHERE flag = ? ORDER BY id DESC LIMIT 1",
                                          arguments: [key]).map(changeGate)
            try ChangeGateRules.checkRolloutStep(flag: key, latest: latest)
            try db.execute(sql: """
                UPDATE change_gate SET status = 'superseded', closed_at = ? WHERE flag = ? AND status IN ('pending','watching')
                """, arguments: [Timestamp.format(now), key])
            guard let step else { return }
            try db.execute(sql: "INSERT INTO change_gate (subject, flag, step, status, opened_at) VALUES ('flag', ?, ?, 'pending', ?)",
                           arguments: [key, step, Timestamp.format(now)])
        case "kill":
            try db.execute(sql: """
                UPDATE change_gate SET status = 'cleared', closed_at = ?, note = 'the flag was killed' WHERE flag = ? AND status IN ('pending','watching','failed')
                """, arguments: [Timestamp.format(now), key])
        default:
            return
        }
    }

    /// An apply opens the set's watch in `env`; the staging watch, if still open, gives way.
    static func openConfigGate(set: Int64, env: ConfigEnvironment, at now: Date, db: Database) throws {
        try db.execute(sql: "UPDATE change_gate SET status = 'superseded', closed_at = ? WHERE change_set = ? AND status IN ('pending','watching')",
                       arguments: [Timestamp.format(now), set])
        try db.execute(sql: "INSERT INTO change_gate (subject, change_set, environment, status, opened_at) VALUES ('config', ?, ?, 'pending', ?)",
                       arguments: [set, env.rawValue, Timestamp.format(now)])
    }

    static func closeGate(_ id: Int64, status: ChangeGate.Status, note: String, at now: Date, db: Database) throws {
        try db.execute(sql: "UPDATE change_gate SET status = ?, closed_at = ?, note = ? WHERE id = ?",
                       arguments: [status.rawValue, Timestamp.format(now), String(note.prefix(2_000)), id])
    }

    static func changeEvent(kind: String, service: String, version: String, status: String, at now: Date, db: Database) throws {
        try db.execute(sql: """
            INSERT INTO change_event (kind, service, version, status, by, at, link, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)
            """, arguments: [kind, String(service.prefix(63)), String(version.prefix(100)), status, alertActor, Timestamp.format(now), alertActor,
                             Timestamp.format(now)])
    }

    static func changeGateAlert(_ gate: ChangeGate, rule: String, service: String, summary: String, at now: Date, db: Database) throws {
        var env = try AlertSignals.Environment.load(db: db, actor: alertActor, at: now)
        var labels = [AlertSignal.nameLabel: rule, "service": service]
        switch gate.subject {
        case let .flag(key, step): labels["flag"] = key; labels["step"] = "\(step)"
        case let .config(set, environment): labels["change_set"] = "\(set)"; labels["environment"] = environment.rawValue
        }
        let input = AlertSignals.Input(fingerprint: changeGateFingerprint(gate), rule: rule, source: deploySource, labels: labels,
                                       annotations: ["gates": gate.gates.joined(separator: ", ")], severity: .critical, status: .firing,
                                       summary: summary, runbookURL: nil, value: nil, at: now, startsAt: now, team: nil)
        _ = try AlertSignals.apply(input, env: &env, db: db)
    }

    static func changeGate(_ row: Row) -> ChangeGate {
        let subject: ChangeGate.Subject = if (row["subject"] as String) == "flag" {
            .flag(key: row["flag"], step: row["step"])
        } else {
            .config(changeSet: row["change_set"], environment: ConfigEnvironment(rawValue: row["environment"] as String) ?? .staging)
        }
        let gates = (row["gates"] as String).split(separator: ",").map(String.init)
        func date(_ column: String) -> Date? { (row[column] as String?).flatMap(Timestamp.parseStored) }
        return ChangeGate(id: row["id"], subject: subject, status: ChangeGate.Status(rawValue: row["status"] as String) ?? .pending, gates: gates,
                          openedAt: date("opened_at") ?? Date(timeIntervalSince1970: 0), until: date("until"), closedAt: date("closed_at"),
                          note: row["note"])
    }

    /// Loads the watch, runs `body` (false: nothing to do), and audits as the collector.
    private func gateWrite(_ id: Int64, action: String, at now: Date, _ body: @escaping (ChangeGate, Database) throws -> Bool) throws(OpsError) {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM change_gate WHERE id = ?", arguments: [id]) else {
                throw OpsError.notFound("No health-gate watch \(id).")
            }
            let before = Self.changeGate(row)
            guard try body(before, db) else { return }
            let after = try Row.fetchOne(db, sql: "SELECT * FROM change_gate WHERE id = ?", arguments: [id]).map(Self.changeGate) ?? before
            try AuditChain.append(AuditChain.Record(action: action, target: before.title, before: .object(["status": .string(before.status.rawValue)]),
                                                    after: .object(["status": .string(after.status.rawValue), "note": after.note.map(JSONValue.string) ?? .null])),
                                  actor: Self.alertActor, impersonator: nil, at: now, db: db)
        }
    }
}
