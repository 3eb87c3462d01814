import Crypto
import Foundation
internal import GRDB
import OpsCore

/// One item's result in `incidents evidence verify`.
public struct EvidenceCheck: Sendable, Equatable {
    public var item: EvidenceItem
    /// Nil when the item is intact; otherwise one sentence naming what differs.
    public var problem: String?
}

/// Evidence: a file copied into `STORE.evidence/` (mode 0700, files 0600) or a text, with
/// its SHA-256, who collected it and a chain-of-custody log. The hash is also written in
/// the audit row of its collection, so rewriting both the file and the stored hash (with
/// the sqlite3 shell) still fails `verify`, and rewriting the audit row fails `audit verify`.
extension AppDatabase {
    /// The folder beside the store; nil for an in-memory store.
    public var evidenceFolder: String? { path.map { $0 + ".evidence" } }

    @discardableResult
    public func addIncidentEvidence(_ number: IncidentNumber, file: String? = nil, text: String? = nil, note: String? = nil,
                                    as context: ActorContext) throws(OpsError) -> EvidenceItem {
        guard (file == nil) != (text == nil) else { throw OpsError.invalid(field: "evidence", message: "give a file or a text, not both or neither.") }
        let note = try note.map { (value) throws(OpsError) in try IncidentValidation.reason(value, field: "note") }
        var data: Data
        var name: String
        if let file {
            data = try Self.readEvidenceFile(file)
            name = String((file as NSString).lastPathComponent.prefix(255))
            if name.isEmpty { name = "file" }
        } else {
            data = Data(try IncidentValidation.body(text ?? "", field: "text").utf8)
            name = "text"
        }
        let digest = Self.sha256(data)
        var storedName: String?
        var storedPath: String?
        if file != nil {
            guard let folder = evidenceFolder else { throw OpsError.store("Evidence files need a store on disk; this one is in memory.") }
            let stored = "\(number.rawValue)-\(UUID().uuidString.lowercased())"
            let target = folder + "/" + stored
            try Self.makePrivateFolder(folder)
            try CompanionFiles.write(data, to: target)
            storedName = stored
            storedPath = target
        }
        do {
            return try write { db in
                let actor = try resolveActor(context, db: db)
                try AccessPolicy.require(.incidentsManage, actor: actor)
                let incident = try Self.requireIncident(number, db: db)
                try Self.checkVisible(incident, actor: actor, db: db)
                let now = clock.now()
                let stamp = Timestamp.format(now)
                try db.execute(sql: """
                    INSERT INTO incident_evidence (incident, name, stored_name, text, sha256, bytes, collected_by, collected_at, custodian, note)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [number.rawValue, name, storedName, file == nil ? text : nil, digest, data.count, actor.login, stamp, actor.login, note])
                let id = db.lastInsertedRowID
                try db.execute(sql: "INSERT INTO incident_custody (evidence, from_login, to_login, at, note) VALUES (?, NULL, ?, ?, 'collected')",
                               arguments: [id, actor.login, stamp])
                try db.execute(sql: "UPDATE incident SET version = version + 1, updated_at = ?, updated_by = ? WHERE number = ?",
                               arguments: [stamp, actor.login, number.rawValue])
                try Self.appendIncidentEntry(number, .evidence, author: actor.login,
                                             body: "evidence E\(id) \(name) (\(data.count) bytes, SHA-256 \(digest))", at: now, db: db)
                try audit(AuditChain.Record(action: "incident.evidence", target: number.description,
                                            after: .object(["evidence": .int(id), "name": .string(name), "sha256": .string(digest),
                                                            "bytes": .int(Int64(data.count))])), context, db: db)
                guard let item = try EvidenceItem.fetchOne(db, sql: "SELECT * FROM incident_evidence WHERE id = ?", arguments: [id]) else {
                    throw OpsError.store("Evidence E\(id) vanished while it was recorded.")
                }
                return item
            }
        } catch {
            // Nothing was recorded: the copy goes too.
            if let storedPath { unlink(storedPath) }
            throw error
        }
    }

    /// Hands an item to another person: a custody entry, the new custodian, a timeline entry.
    @discardableResult
    public func transferIncidentEvidence(_ number: IncidentNumber, evidence id: Int64, to login: String, note: String?,
                                         as context: ActorContext) throws(OpsError) -> Incident {
        let note = try note.map { (value) throws(OpsError) in try IncidentValidation.reason(value, field: "note") }
        return try actOnIncident(number, action: "incident.evidence.transfer", as: context) { _, _, now, db in
            guard let item = try EvidenceItem.fetchOne(db, sql: "SELECT * FROM incident_evidence WHERE id = ? AND incident = ?",
                                                       arguments: [id, number.rawValue]) else {
                throw OpsError.notFound("\(number) has no evidence E\(id).")
            }
            guard let account = try StaffQueries.find(login: login, db: db), account.isActive else {
                throw OpsError.notFound("No active staff account \(Printable.excerpt(login)) to hand E\(id) to.")
            }
            guard account.login != item.custodian else { throw OpsError.conflict("\(account.login) already holds E\(id).") }
            try db.execute(sql: "INSERT INTO incident_custody (evidence, from_login, to_login, at, note) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, item.custodian, account.login, Timestamp.format(now), note])
            try db.execute(sql: "UPDATE incident_evidence SET custodian = ? WHERE id = ?", arguments: [account.login, id])
            return IncidentChange(kind: .evidence, text: "E\(id) handed from \(item.custodian) to \(account.login)\(note.map { ": \($0)" } ?? "")",
                                  after: .object(["evidence": .int(id), "from": .string(item.custodian), "to": .string(account.login)]))
        }
    }

    /// The chain of custody of one item: (from, to, at, note), oldest first.
    public func evidenceCustody(_ number: IncidentNumber, evidence id: Int64, as context: ActorContext) throws(OpsError) -> [(from: String?, to: String, at: Date, note: String?)] {
        try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsRead, actor: actor)
            try Self.checkVisible(try Self.requireIncident(number, db: db), actor: actor, db: db)
            return try Row.fetchAll(db, sql: """
                SELECT c.from_login, c.to_login, c.at, c.note FROM incident_custody c JOIN incident_evidence e ON e.id = c.evidence
                WHERE c.evidence = ? AND e.incident = ? ORDER BY c.id
                """, arguments: [id, number.rawValue]).map { row in
                (row["from_login"], row["to_login"], (row["at"] as String?).flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0), row["note"])
            }
        }
    }

    /// Recomputes every item's hash from its file (or text) and compares it with the stored
    /// hash and with the hash its collection's audit row recorded.
    public func verifyIncidentEvidence(_ number: IncidentNumber, as context: ActorContext) throws(OpsError) -> [EvidenceCheck] {
        let folder = evidenceFolder
        return try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsRead, actor: actor)
            try Self.checkVisible(try Self.requireIncident(number, db: db), actor: actor, db: db)
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM incident_evidence WHERE incident = ? ORDER BY id", arguments: [number.rawValue])
            return try rows.map { row in
                let item = try EvidenceItem(row: row)
                let audited = try String.fetchOne(db, sql: """
                    SELECT json_extract(after, '$.sha256') FROM audit INDEXED BY audit_target
                    WHERE target = ? AND action = 'incident.evidence' AND json_extract(after, '$.evidence') = ?
                    """, arguments: [number.description, item.id])
                var actual: String?
                if let stored = row["stored_name"] as String? {
                    if let folder, let data = FileManager.default.contents(atPath: folder + "/" + stored) { actual = Self.sha256(data) }
                } else {
                    actual = Self.sha256(Data((row["text"] as String? ?? "").utf8))
                }
                let problem: String? = if actual == nil {
                    "E\(item.id) \(item.name): the file is missing or unreadable."
                } else if actual != item.sha256 {
                    "E\(item.id) \(item.name): SHA-256 is \(actual ?? ""), but \(item.sha256) was recorded."
                } else if audited != item.sha256 {
                    "E\(item.id) \(item.name): the stored hash \(item.sha256) differs from the audited one (\(audited ?? "none"))."
                } else {
                    nil
                }
                return EvidenceCheck(item: item, problem: problem)
            }
        }
    }

    // MARK: - Files

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads a regular file of at most `EvidenceItem.maxFileBytes`; anything else is refused in one sentence.
    static func readEvidenceFile(_ file: String) throws(OpsError) -> Data {
        var info = stat()
        guard stat(file, &info) == 0 else { throw OpsError.notFound("Cannot read \(Printable.excerpt(file)): \(String(cString: strerror(errno))); nothing was recorded.") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw OpsError.invalid(field: "file", message: "\(Printable.excerpt(file)) is not a regular file; nothing was recorded.") }
        let cap = EvidenceItem.maxFileBytes
        guard info.st_size <= cap else {
            throw OpsError.invalid(field: "file", message: "\(Printable.excerpt(file)) is \(info.st_size) bytes; evidence files are at most \(cap / 1_048_576) MiB. Keep it in cold storage and record where as a text item; nothing was recorded.")
        }
        guard let handle = FileHandle(forReadingAtPath: file), let data = try? handle.read(upToCount: cap + 1) else {
            throw OpsError.notFound("Cannot read \(Printable.excerpt(file)); nothing was recorded.")
        }
        guard data.count <= cap else { throw OpsError.invalid(field: "file", message: "\(Printable.excerpt(file)) grew past \(cap / 1_048_576) MiB while read; nothing was recorded.") }
        return data
    }

    static func makePrivateFolder(_ folder: String) throws(OpsError) {
        var info = stat()
        if stat(folder, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw OpsError.store("\(folder) exists and is not a folder.") }
            return
        }
        guard mkdir(folder, 0o700) == 0 || errno == EEXIST else { throw CompanionFiles.failure("create", folder) }
    }
}
