import Foundation
internal import GRDB
import OpsCore
import OpsStore

/// The Incidents pane benchmark store: many incidents behind INC-1 (the long timeline of
/// `seedIncidentBenchmark`), written through prepared statements in one transaction. Raw
/// SQL, bypassing the audit: it is a fixture, not a workload.
extension AppDatabase {
    /// Incidents INC-2 … INC-(count+1) over the year before `now`: one in 1,000 still active
    /// (SEV-2…SEV-4), one in 10 awaiting a postmortem or resolved, the rest closed; every
    /// tenth a security incident (restricted to responders). INC-1, when it exists, becomes
    /// the one open SEV-1, so it heads the list.
    @discardableResult
    public func seedIncidentListBenchmark(incidents count: Int, commander: String, now: Date) throws(OpsError) -> Double {
        let began = Date()
        try write { db in
            try db.execute(sql: "PRAGMA cache_size = -262144")
            defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
            let insert = try db.makeStatement(sql: """
                INSERT INTO incident (number, title, category, severity, status, security_class, source, services, detected_at, declared_at,
                                      last_update_at, declared_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, 'manual', ?, ?, ?, ?, ?, ?, ?)
                """)
            let role = try db.makeStatement(sql: "INSERT INTO incident_role (incident, role, login, assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?)")
            let span = 365.0 * 86_400
            let categories = ["outage", "degradation", "deployment", "data", "third-party"]
            for i in 0..<count {
                let number = i + 2
                let at = Timestamp.format(now.addingTimeInterval(-span + span * Double(i) / Double(max(1, count))))
                let status = i % 1_000 == 999 ? ["investigating", "identified", "monitoring"][i / 1_000 % 3]
                    : i % 10 == 0 ? (i % 20 == 0 ? "postmortem" : "resolved") : "closed"
                let security = i % 10 == 5
                try insert.execute(arguments: [number, "Bench incident \(number): relay queue on mx\(i % 9) backing up", security ? "security" : categories[i % categories.count],
                                               2 + i % 3, status, security ? "malware" : nil, "svc-\(i % 200),svc-\((i + 1) % 200)",
                                               at, at, at, commander, at, commander])
                try role.execute(arguments: [number, "commander", i % 3 == 0 ? commander : "ic\(i % 7)", at, commander])
                if security { try role.execute(arguments: [number, "security-lead", "sec\(i % 5)", at, commander]) }
            }
            try db.execute(sql: "UPDATE incident SET status = 'investigating', severity = 1 WHERE number = 1")
        }
        return Date().timeIntervalSince(began)
    }
}
