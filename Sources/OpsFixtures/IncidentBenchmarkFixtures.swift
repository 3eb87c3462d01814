import Foundation
internal import GRDB
import OpsCore
import OpsStore

/// The incidents benchmark store: change events over a year for 200 services, and one
/// incident with a long timeline, written through prepared statements in one transaction.
/// Raw SQL, bypassing the audit: it is a fixture, not a workload.
extension AppDatabase {
    public static let changeBenchServices = (0..<200).map { "svc-\($0)" }

    /// `changes` change events spread evenly over the year before `now`, and, when
    /// `entries` > 0, INC-1 ("Bench incident", commander `commander`) with that many entries.
    @discardableResult
    public func seedIncidentBenchmark(changes: Int, entries: Int, commander: String, now: Date) throws(OpsError) -> Double {
        let began = Date()
        try write { db in
            try db.execute(sql: "PRAGMA cache_size = -262144")
            defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
            let insert = try db.makeStatement(sql: """
                INSERT INTO change_event (kind, service, version, status, by, at, link, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, 'ci', ?, NULL, 'bench', ?)
                """)
            let kinds = ["deploy", "deploy", "deploy", "config", "flag", "rollback", "infra"]
            let span = 365.0 * 86_400
            for i in 0..<changes {
                let at = Timestamp.format(now.addingTimeInterval(-span + span * Double(i) / Double(max(1, changes))))
                try insert.execute(arguments: [kinds[i % kinds.count], Self.changeBenchServices[(i &* 7_919) % Self.changeBenchServices.count], "v\(i)",
                                               i % 50 == 0 ? "failed" : "succeeded", at, at])
            }
            guard entries > 0 else { return }
            let stamp = Timestamp.format(now)
            try db.execute(sql: """
                INSERT INTO incident (number, title, category, severity, status, source, services, detected_at, declared_at, last_update_at,
                                      declared_by, updated_at, updated_by) VALUES (1, 'Bench incident', 'outage', 1, 'resolved', 'manual', 'svc-1',
                                      ?, ?, ?, ?, ?, ?)
                """, arguments: [stamp, stamp, stamp, commander, stamp, commander])
            try db.execute(sql: "INSERT INTO incident_role (incident, role, login, assigned_at, assigned_by) VALUES (1, 'commander', ?, ?, ?)",
                           arguments: [commander, stamp, commander])
            let entry = try db.makeStatement(sql: "INSERT INTO incident_entry (incident, kind, author, body, at, refers_to) VALUES (1, ?, ?, ?, ?, ?)")
            let kinds2 = ["note", "alert", "status", "comms", "action", "decision"]
            for i in 0..<entries {
                let pin = i > 0 && i % 100 == 0
                try entry.execute(arguments: [pin ? "pin" : kinds2[i % kinds2.count], commander,
                                              "Entry \(i): queue depth on mx\(i % 9) at \(i * 13 % 5_000) [see runbook](#\(i)) *still* rising",
                                              Timestamp.format(now.addingTimeInterval(Double(i))), pin ? Int64(i - 1) : nil])
            }
        }
        return Date().timeIntervalSince(began)
    }
}
