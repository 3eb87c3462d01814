import Foundation
internal import GRDB
import OpsCore
import OpsStore

/// The health-score benchmark store: `customers` customers, three tickets each (a fifth
/// open, the closed ones half rated), an outreach entry each, failed Stripe charges for
/// one in ten, incidents naming one in fifty, and a week of per-tenant mail series for
/// `tenantSeries` of them. Raw SQL and one transaction, bypassing the audit: a fixture.
extension AppDatabase {
    @discardableResult
    public func seedHealthBenchmark(customers: Int, tenantSeries: Int, now: Date) throws(OpsError) -> Int {
        var rng = DemoStaff.Generator(seed: 18)
        try write { db in
            let created = Timestamp.format(now.addingTimeInterval(-400 * 86_400))
            let customer = try db.makeStatement(sql: "INSERT INTO customer (id, name, plan, status, success_manager, created_at, updated_at) VALUES (?, ?, ?, 'active', 'bench', ?, ?)")
            let ticket = try db.makeStatement(sql: """
                INSERT INTO ticket (customer_id, title, category, priority, status, reporter, team, opened_at, updated_at, updated_by,
                                    last_update_out_at, closed_at, resolution, csat)
                VALUES (?, 'Bench ticket', 'sending', ?, ?, 'bench', 'support', ?, ?, 'bench', ?, ?, ?, ?)
                """)
            let entry = try db.makeStatement(sql: "INSERT INTO customer_success_entry (customer_id, kind, body, author, at) VALUES (?, 'outreach', 'Quarterly check-in', 'bench', ?)")
            let link = try db.makeStatement(sql: "INSERT INTO billing_customer_link (stripe_customer, customer_id, linked_by, linked_at) VALUES (?, ?, 'bench', ?)")
            let charge = try db.makeStatement(sql: """
                INSERT INTO billing_charge (id, stripe_customer, status, currency, amount, amount_refunded, created, event_created, event_id)
                VALUES (?, ?, 'failed', 'usd', 4900, 0, ?, ?, 'evt_bench')
                """)
            let plans = Customer.Plan.allCases
            for c in 0..<customers {
                let id = "bench-\(c)"
                try customer.execute(arguments: [id, "Bench Customer \(c)", plans[c % plans.count].rawValue, created, created])
                for t in 0..<3 {
                    let open = rng.below(5) == 0
                    let at = Timestamp.format(now.addingTimeInterval(-Double(rng.below(80 * 86_400))))
                    try ticket.execute(arguments: [id, 1 + rng.below(4), open ? "investigating" : "closed", at, at, at,
                                                   open ? nil : at, open ? nil : "Fixed", open || t == 0 ? nil : 1 + rng.below(5)])
                }
                try entry.execute(arguments: [id, Timestamp.format(now.addingTimeInterval(-Double(rng.below(60 * 86_400))))])
                if c % 10 == 0 {
                    try link.execute(arguments: ["cus_bench_\(c)", id, created])
                    let when = Int64(now.timeIntervalSince1970) - Int64(rng.below(20 * 86_400))
                    try charge.execute(arguments: ["ch_bench_\(c)", "cus_bench_\(c)", when, when])
                }
                if c % 50 == 0 {
                    let at = Timestamp.format(now.addingTimeInterval(-Double(rng.below(20 * 86_400))))
                    try db.execute(sql: """
                        INSERT INTO incident (title, category, severity, status, source, customers, detected_at, declared_at, last_update_at,
                                              declared_by, updated_at, updated_by)
                        VALUES ('Bench incident', 'outage', ?, 'investigating', 'bench', ?, ?, ?, ?, 'bench', ?, 'bench')
                        """, arguments: [1 + rng.below(4), "\(id),bench-\(c + 1)", at, at, at, at])
                }
            }
        }
        var samples: [SampleInput] = []
        for c in 0..<min(tenantSeries, customers) {
            let tenant = ["tenant": "bench-\(c)"]
            var t = now.addingTimeInterval(-7 * 86_400)
            while t < now {
                let v = Double(10 + c % 20)
                samples.append(SampleInput(series: MetricSeriesKey(name: Self.tenantSendsMetric, labels: tenant), time: t, value: v))
                samples.append(SampleInput(series: MetricSeriesKey(name: Self.tenantBounceMetric, labels: tenant), time: t, value: 1.5))
                samples.append(SampleInput(series: MetricSeriesKey(name: Self.tenantComplaintMetric, labels: tenant), time: t, value: 0.05))
                t += 3_600
            }
        }
        if !samples.isEmpty { _ = try recordSamples(samples, now: now) }
        return customers
    }
}

private extension DemoStaff.Generator {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}
