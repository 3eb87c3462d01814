import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// `kpiReport` on a hand-built store whose answers are known: each figure's value, sample
/// and note, the trend's buckets, "no data" with its reason, and "hidden" for a reader
/// whose roles do not cover the data.
@Suite("KPI report over a hand-built store")
struct KPIReportStoreTests {
    let f: StoreFixture
    let now: Date
    let since: Date

    init() throws {
        f = try StoreFixture()
        now = f.clock.now()
        since = now.addingTimeInterval(-8 * 86_400)
        try f.add("fin", [.finance])
        try f.add("sup", [.support])
    }

    /// `day` days before now (fractions allowed), as the store writes times.
    func at(_ day: Double, plus seconds: Double = 0) -> String { Timestamp.format(now.addingTimeInterval(-day * 86_400 + seconds)) }
    func unix(_ day: Double, plus seconds: Double = 0) -> Int64 { Int64(now.addingTimeInterval(-day * 86_400 + seconds).timeIntervalSince1970) }

    func seed() throws {
        try f.db.write { db in
            // Alerts: three in the period acknowledged after 60 s, 300 s and 900 s, resolved
            // after 600 s, 1,200 s and 1,800 s; one open and unacknowledged; one before the period.
            let alerts: [(day: Double, ack: Double?, end: Double?)] = [(7.5, 60, 600), (3.5, 300, 1_200), (0.5, 900, 1_800), (2.5, nil, nil), (9, 10, 20)]
            for (i, a) in alerts.enumerated() {
                try db.execute(sql: """
                    INSERT INTO alert (fingerprint, rule, source, labels, severity, status, summary, starts_at, last_seen_at, ends_at, state, acked_at)
                    VALUES (?, 'r', 'rules', '{}', 'warning', ?, 'a', ?, ?, ?, ?, ?)
                    """, arguments: ["fp\(i)", a.end == nil ? "firing" : "resolved", at(a.day), at(a.day), a.end.map { at(a.day, plus: $0) },
                                     a.end == nil ? "open" : "resolved", a.ack.map { at(a.day, plus: $0) }])
            }
            // Deployments: four succeeded, one failed, one still running, one rollback; one deploy before the period.
            let changes: [(kind: String, status: String, day: Double)] = [
                ("deploy", "succeeded", 7.2), ("deploy", "succeeded", 5), ("deploy", "failed", 4), ("rollback", "succeeded", 4),
                ("deploy", "succeeded", 2), ("deploy", "succeeded", 1), ("deploy", "started", 0.1), ("deploy", "failed", 9)]
            for c in changes {
                try db.execute(sql: """
                    INSERT INTO change_event (kind, service, version, status, by, at, recorded_by, recorded_at)
                    VALUES (?, 'api', '1.0', ?, 'ci', ?, 'boss', ?)
                    """, arguments: [c.kind, c.status, at(c.day), at(c.day)])
            }
            // Customers: four before the period (one churned in it, one churned before it), one new.
            let customers: [(id: String, status: String, created: Double, updated: Double)] = [
                ("acme", "active", 30, 30), ("bolt", "churned", 30, 2), ("cora", "churned", 30, 20), ("dune", "trial", 30, 30), ("echo", "active", 1, 1)]
            for c in customers {
                try db.execute(sql: "INSERT INTO customer (id, name, plan, status, created_at, updated_at) VALUES (?, ?, 'growth', ?, ?, ?)",
                               arguments: [c.id, c.id, c.status, at(c.created), at(c.updated)])
            }
            // Invoices: three paid in the period, two matched by a charge 60 s and 120 s later,
            // one charged a different amount; one open invoice; one paid before the period.
            let invoices: [(id: String, status: String, day: Double, charge: (amount: Int, lag: Int64)?)] = [
                ("in_1", "paid", 6, (4_900, 60)), ("in_2", "paid", 3, (4_900, 120)), ("in_3", "paid", 2, (4_000, 30)), ("in_4", "open", 1, nil),
                ("in_5", "paid", 10, (4_900, 5))]
            for inv in invoices {
                try db.execute(sql: """
                    INSERT INTO billing_invoice (id, status, currency, amount_due, amount_paid, amount_remaining, attempt_count, created, event_created, event_id)
                    VALUES (?, ?, 'usd', 4900, ?, 0, 1, ?, ?, 'evt')
                    """, arguments: [inv.id, inv.status, inv.status == "paid" ? 4_900 : 0, unix(inv.day), unix(inv.day)])
                if let charge = inv.charge {
                    try db.execute(sql: """
                        INSERT INTO billing_charge (id, invoice, status, currency, amount, amount_refunded, created, event_created, event_id)
                        VALUES (?, ?, 'succeeded', 'usd', ?, 0, ?, ?, 'evt')
                        """, arguments: ["ch_" + inv.id, inv.id, charge.amount, unix(inv.day) + charge.lag, unix(inv.day) + charge.lag])
                }
            }
            // Pending onboarding: three completed after 1 h, 2 h and 3 h; one still pending.
            for (i, wait) in [3_600.0, 7_200, 10_800, -1].enumerated() {
                try db.execute(sql: """
                    INSERT INTO pending_onboarding (login, line, field, reason, source_sha256, status, created_at, created_by, closed_at, closed_by)
                    VALUES (?, 2, 'email', 'bad email', 'sha', ?, ?, 'boss', ?, ?)
                    """, arguments: ["p\(i)", wait < 0 ? "pending" : "completed", at(5), wait < 0 ? nil : at(5, plus: wait), wait < 0 ? nil : "boss"])
            }
            // Configuration: one change set applied to production and verified; one applied and rolled back.
            for (id, status) in [(1, "production_verified"), (2, "rolled_back")] {
                try db.execute(sql: "INSERT INTO config_change_set (id, status, rationale, author, approver, created_at, updated_at) VALUES (?, ?, 'why', 'ana', 'bo', ?, ?)",
                               arguments: [id, status, at(6), at(3)])
                try db.execute(sql: "INSERT INTO config_history (change_set, action, environment, by, at) VALUES (?, 'apply', 'production', 'ana', ?)", arguments: [id, at(4)])
            }
            try db.execute(sql: "INSERT INTO config_history (change_set, action, environment, by, at) VALUES (1, 'verify', 'production', 'ana', ?)", arguments: [at(3.9)])
        }
        // Probes: api up for 9 readings of 10, mx for all.
        var batch: [SampleInput] = []
        for i in 0..<10 {
            let time = now.addingTimeInterval(-Double(i + 1) * 3_600)
            batch.append(SampleInput(series: MetricSeriesKey(name: "probe_up", labels: ["target": "api"]), time: time, value: i == 4 ? 0 : 1))
            batch.append(SampleInput(series: MetricSeriesKey(name: "probe_up", labels: ["target": "mx"]), time: time, value: 1))
        }
        try f.db.recordSamples(batch, now: now)
    }

    func value(_ report: KPIReport, _ id: String) throws -> (Double, Int, String?) {
        let row = try #require(report.row(id), "no row \(id)")
        guard case let .value(v, n, note) = row.value else { Issue.record("\(id): \(row.value)"); return (0, 0, nil) }
        return (v, n, note)
    }

    @Test("every figure with a known answer, from the store's own rows")
    func knownAnswers() throws {
        try seed()
        let report = try f.db.kpiReport(since: since, as: f.boss)
        #expect(report.rows.map(\.definition.id) == KPICatalog.all.map(\.id))
        #expect(try value(report, "alert-response-time") == (300, 3, "p90 15m 00s"))
        #expect(try value(report, "alert-resolution-time") == (1_200, 3, "p90 30m 00s"))
        #expect(try value(report, "deployment-success") == (80, 5, "1 failed"))
        #expect(try value(report, "rollback-rate") == (20, 5, "1 rollbacks"))
        let retention = try value(report, "retention")
        #expect(abs(retention.0 - 200.0 / 3) < 1e-9 && retention.1 == 3 && retention.2 == "1 churned")
        let revenue = try value(report, "revenue-accuracy")
        #expect(abs(revenue.0 - 200.0 / 3) < 1e-9 && revenue.1 == 3)
        #expect(revenue.2 == "1 unmatched, charged 1m 00s after the invoice (median)")
        let staff = try f.db.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM staff WHERE created_at >= ? AND created_at < ?", arguments: [Timestamp.format(since), Timestamp.format(now)]) ?? -1
        }
        #expect(staff >= 0)
        #expect(try value(report, "account-creation-time") == (7_200, 3, "\(staff) accounts created in all"))
        #expect(try value(report, "config-change-success") == (50, 2, "1 of 2 verified, not rolled back"))
        let uptime = try value(report, "uptime")
        #expect(abs(uptime.0 - 95) < 1e-9 && uptime.1 == 20 && uptime.2 == "lowest api 90.00 %")
        let compliance = try value(report, "policy-compliance")
        #expect(compliance.0 == 100 && compliance.1 > 0 && compliance.2 == "every policy holds")
        #expect(try value(report, "technical-debt").0 == 0)
    }

    @Test("trends: one point per bucket, nil where a bucket has nothing, none for figures that only exist now")
    func trends() throws {
        try seed()
        let report = try f.db.kpiReport(since: since, buckets: 8, as: f.boss)
        // Alerts started 7.5, 3.5 and 0.5 days ago: buckets 0, 4 and 7 of 8 one-day buckets.
        #expect(report.row("alert-response-time")?.trend == [60, nil, nil, nil, 300, nil, nil, 900])
        #expect(report.row("deployment-success")?.trend == [100, nil, nil, 100, 0, nil, 100, 100])
        #expect(report.row("policy-compliance")?.trend == [])
        #expect(report.row("permission-update-time")?.trend == [])
    }

    @Test("an empty store says what is missing, never a number")
    func noData() throws {
        let report = try f.db.kpiReport(since: since, as: f.boss)
        for id in ["alert-response-time", "deployment-success", "revenue-accuracy", "uptime", "config-change-success", "escalation-success",
                   "proactive-detection", "security-response-time", "csat", "account-creation-time", "integration-reliability", "expansion-rate"] {
            guard case .noData(let reason) = report.row(id)?.value else { Issue.record("\(id): \(String(describing: report.row(id)?.value))"); continue }
            #expect(!reason.isEmpty)
            #expect(report.row(id)?.trend == [])
        }
    }

    @Test("a reader sees only what their roles cover: finance gets money, not alerts; support gets neither")
    func permissions() throws {
        try seed()
        let finance = try f.db.kpiReport(since: since, as: f.actor("fin"))
        #expect(finance.row("alert-response-time")?.value == .hidden(.alertsRead))
        #expect(finance.row("deployment-success")?.value == .hidden(.changesRead))
        #expect(try value(finance, "revenue-accuracy").1 == 3)
        let support = try f.db.kpiReport(since: since, as: f.actor("sup"))
        #expect(support.row("revenue-accuracy")?.value == .hidden(.billingRead))
        #expect(support.row("revenue-accuracy")?.trend == [])
        #expect(try value(support, "deployment-success").1 == 5)
    }

    @Test("a period that starts now or later is refused")
    func futurePeriod() {
        #expect(opsError { () throws(OpsError) in try f.db.kpiReport(since: now, as: f.boss) }?.exitCode == 2)
    }

    @Test("the billing figure reads its two indexes")
    func plans() throws {
        try f.db.read { db in
            let plan = try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT i.created, (SELECT MIN(c.created) FROM billing_charge c WHERE c.invoice = i.id AND c.status = 'succeeded')
                FROM billing_invoice i WHERE i.status = 'paid' AND i.created >= ? AND i.created < ?
                """, arguments: [0, 1]).map { $0["detail"] as String? ?? "" }.joined(separator: "\n")
            #expect(plan.contains("billing_invoice_paid") && plan.contains("billing_charge_invoice"), "\(plan)")
        }
    }
}
