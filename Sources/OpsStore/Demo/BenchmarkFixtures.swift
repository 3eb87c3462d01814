import Foundation
import GRDB
import OpsCore

extension AppDatabase {
    /// Bulk-loads `accounts` staff and `auditRows` chained audit rows for benchmarks.
    /// Rows go through the same `AuditChain.append` as real actions, in large
    /// transactions, so the chain verifies afterwards.
    public func loadBenchmarkFixtures(accounts: Int, auditRows: Int, progress: (String) -> Void = { _ in }) throws(OpsError) {
        let people = DemoStaff.people(seed: 7)
        try write { db in
            let now = Timestamp.format(clock.now())
            for i in 0..<accounts {
                let template = people[i % people.count]
                let login = "bench\(i)"
                try db.execute(sql: """
                    INSERT INTO staff (login, display_name, email, team, status, version, created_at, updated_at, updated_by)
                    VALUES (?, ?, ?, ?, 'active', 1, ?, ?, 'bench')
                    """, arguments: [login, template.displayName, "\(login)@bench.example.com", template.team, now, now])
                let id = db.lastInsertedRowID
                for role in template.roles {
                    try db.execute(sql: "INSERT INTO staff_role (staff_id, role, granted_at, granted_by) VALUES (?, ?, ?, 'bench')",
                                   arguments: [id, role, now])
                }
            }
        }
        progress("\(accounts) accounts")
        var written = 0
        let batch = 20_000
        while written < auditRows {
            let n = min(batch, auditRows - written)
            let start = written
            try write { db in
                let date = clock.now()
                for j in 0..<n {
                    let i = start + j
                    try AuditChain.append(AuditChain.Record(action: i % 3 == 0 ? "user.update" : "user.set_roles", target: "bench\(i % max(1, accounts))",
                                                            before: ["roles": ["ops"]], after: ["roles": ["ops", "security"]]),
                                          actor: "bench", impersonator: nil, at: date, db: db)
                }
            }
            written += n
            if written % 200_000 == 0 { progress("\(written) audit rows") }
        }
    }
}
