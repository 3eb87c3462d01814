import Foundation
internal import GRDB
import OpsCore

/// The two KPI figures the success and integrations data answer (see `KPICatalog`).
extension AppDatabase {
    /// Share of production integrations with a collector source whose source is up now.
    func integrationReliabilityFigure() throws(OpsError) -> KPIValue {
        let statuses = Dictionary(try sourceStatuses().map { ($0.source, $0) }, uniquingKeysWith: { a, _ in a })
        let watched = try read { db in try Self.integrationRows(db: db) }.filter { $0.stage == .production && $0.source != nil }
        guard !watched.isEmpty else { return .noData("no production integration in the registry names a collector source to check") }
        let down = watched.filter { statuses[$0.source ?? ""]?.up != true }.map(\.id)
        guard let rate = KPIMath.percent(watched.count - down.count, of: watched.count) else { return .noData("no integration checked") }
        return .value(rate, sample: watched.count, note: down.isEmpty ? "every source up" : "not up: " + down.prefix(3).joined(separator: ", "))
    }

    /// Share of customers with per-tenant sends whose projected month reaches 80 % of their
    /// plan's allowance (the expansion signal of `customers health`).
    func expansionFigure(at now: Date) throws(OpsError) -> KPIValue {
        let mail = try tenantMailHealth(now: now)
        let plans = try read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT id, plan FROM customer").map { ($0[0] as String, Customer.Plan(rawValue: $0[1]) ?? .free) },
                       uniquingKeysWith: { a, _ in a })
        }
        var measured = 0, near: [String] = []
        for (id, health) in mail.sorted(by: { $0.key < $1.key }) {
            guard let plan = plans[id], let usage = ExpansionSignals.usage(plan: plan, sendsPerMinute: health.recentSends) else { continue }
            measured += 1
            if usage.nearLimit { near.append(id) }
        }
        guard let rate = KPIMath.percent(near.count, of: measured) else { return .noData("no customer has per-tenant sending metrics yet") }
        return .value(rate, sample: measured, note: near.isEmpty ? "none near its plan limit" : "near the limit: " + near.prefix(3).joined(separator: ", "))
    }
}
