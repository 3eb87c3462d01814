import Foundation
internal import GRDB
import OpsCore
import OpsStore

extension AppDatabase {
    /// Bulk-loads `accounts` staff (`bench0`…) and `auditRows` chained audit rows for
    /// benchmarks, continuing the chain from the current head so it verifies afterwards.
    ///
    /// The rows are the ones `AuditChain.append` would write (same canonical text and
    /// hash, via `AuditChain.rowHash`), but computed in a loop over prepared statements
    /// with the head written once per transaction, and a large page cache while loading:
    /// 1,000,000 rows load in well under a minute instead of several.
    public func loadBenchmarkFixtures(accounts: Int, auditRows: Int, progress: (String) -> Void = { _ in }) throws(OpsError) {
        try write { db in try Self.insertBenchmarkStaff(accounts, at: Timestamp.format(clock.now()), db: db) }
        progress("\(accounts) accounts")
        try withCacheSize(-262_144) { () throws(OpsError) in  // 256 MiB: the audit indexes stay in memory while they grow
            var written = 0
            let batch = 100_000
            while written < auditRows {
                let count = min(batch, auditRows - written)
                let first = written
                try write { db in
                    try Self.appendBenchmarkAudit(first..<(first + count), accounts: accounts, at: Timestamp.format(clock.now()), db: db)
                }
                written += count
                progress("\(written) audit rows")
            }
        }
        do {
            try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw StoreErrors.map(error, path: path)
        }
    }

    /// Runs `body` with the writer connection's page cache set to `size` (SQLite units),
    /// restoring the previous size afterwards.
    private func withCacheSize(_ size: Int, _ body: () throws(OpsError) -> Void) throws(OpsError) {
        let previous = try write { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2_000 }
        try write { db in try db.execute(sql: "PRAGMA cache_size = \(size)") }
        defer { _ = try? write { db in try db.execute(sql: "PRAGMA cache_size = \(previous)") } }
        try body()
    }

    private static func insertBenchmarkStaff(_ accounts: Int, at now: String, db: Database) throws {
        let people = DemoStaff.people(seed: 7)
        let staff = try db.cachedStatement(sql: """
            INSERT INTO staff (login, display_name, email, team, status, version, created_at, updated_at, updated_by)
            VALUES (?, ?, ?, ?, 'active', 1, ?, ?, 'bench')
            """)
        let role = try db.cachedStatement(sql: "INSERT INTO staff_role (staff_id, role, granted_at, granted_by) VALUES (?, ?, ?, 'bench')")
        for i in 0..<accounts {
            let template = people[i % people.count]
            let login = "bench\(i)"
            try staff.execute(arguments: [login, template.displayName, "\(login)@bench.example.com", template.team, now, now])
            let id = db.lastInsertedRowID
            for name in template.roles { try role.execute(arguments: [id, name, now]) }
        }
    }

    /// Rows `range` of the benchmark trail (row i targets bench(i % accounts)), chained
    /// onto the current head inside the caller's transaction.
    private static func appendBenchmarkAudit(_ range: Range<Int>, accounts: Int, at: String, db: Database) throws {
        let head = try Row.fetchOne(db.cachedStatement(sql: AuditChain.headSQL))
        var prevHash: String = head?[1] ?? AuditChain.genesis
        var id: Int64 = head?[0] ?? 0
        let before = JSONValue.object(["roles": ["ops"]]).canonical
        let after = JSONValue.object(["roles": ["ops", "security"]]).canonical
        let insert = try db.cachedStatement(sql: AuditChain.insertSQL)
        for i in range {
            id += 1
            let action = i % 3 == 0 ? "user.update" : "user.set_roles"
            let target = "bench\(i % max(1, accounts))"
            let hash = AuditChain.rowHash(prevHash: prevHash, id: id, at: at, actor: "bench", impersonator: nil, action: action,
                                          target: target, before: before, after: after, reason: nil)
            try insert.execute(arguments: [id, at, "bench", nil, action, target, before, after, nil, prevHash, hash])
            prevHash = hash
        }
        try db.cachedStatement(sql: AuditChain.headUpsertSQL).execute(arguments: [id, prevHash])
    }
}
