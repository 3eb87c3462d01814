import Foundation
internal import GRDB
import OpsCore

extension AppDatabase {
    /// The KPI report over `since` until now, with `buckets` trend points per trended figure.
    /// Each figure checks its own permission: a reader sees what their roles allow and
    /// "hidden" for the rest, never a number computed from data they may not read.
    public func kpiReport(since: Date, buckets: Int = 8, as context: ActorContext) throws(OpsError) -> KPIReport {
        let until = clock.now()
        guard since < until else { throw .invalid(field: "since", message: "the period must start in the past.") }
        let actor = try read { db in try resolveActor(context, db: db) }
        try AccessPolicy.require(.metricsRead, actor: actor)
        let ranges = KPIMath.buckets(since: since, until: until, count: max(1, min(buckets, 60)))
        // The ticket and incident figures come from their own stats (one window, no trend).
        let tickets = actor.permissions.contains(.ticketsRead) ? try ticketStats(since: since, as: context) : nil
        let incidents = actor.permissions.contains(.incidentsRead) ? try incidentStats(since: since, as: context) : nil
        var rows: [KPIRow] = []
        for definition in KPICatalog.all {
            guard actor.permissions.contains(definition.permission) else {
                rows.append(KPIRow(definition: definition, value: .hidden(definition.permission)))
                continue
            }
            let figure = { (from: Date, to: Date) throws(OpsError) -> KPIValue in
                try self.kpiFigure(definition.id, from: from, to: to, tickets: tickets, incidents: incidents, context: context)
            }
            let value = try figure(since, until)
            let trend: [Double?] = if definition.trended, case .value = value { try ranges.map { r throws(OpsError) in try figure(r.from, r.to).number } } else { [] }
            rows.append(KPIRow(definition: definition, value: value, trend: trend))
        }
        return KPIReport(since: since, until: until, rows: rows)
    }

    private func kpiFigure(_ id: String, from: Date, to: Date, tickets: TicketStats?, incidents: IncidentStats?,
                           context: ActorContext) throws(OpsError) -> KPIValue {
        let a = Timestamp.format(from), b = Timestamp.format(to)
        switch id {
        case "account-creation-time":
            return try read { db in
                let waits = try Double.fetchAll(db, sql: """
                    SELECT ROUND((julianday(closed_at) - julianday(created_at)) * 86400, 3) FROM pending_onboarding
                    WHERE status = 'completed' AND closed_at >= ? AND closed_at < ?
                    """, arguments: [a, b])
                let created = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM staff WHERE created_at >= ? AND created_at < ?", arguments: [a, b]) ?? 0
                guard let median = KPIMath.median(waits) else {
                    return .noData("no HR-import row waited in pending onboarding in the period (\(created) accounts created directly, with no wait to time)")
                }
                return .value(median, sample: waits.count, note: "\(created) accounts created in all")
            }
        case "permission-update-time":
            return .noData("pmops records each role change, audited, but no request for one: there is no wait to time")
        case "config-change-success":
            return try read { db in
                let row = try Row.fetchOne(db, sql: """
                    SELECT COUNT(*) AS applied,
                           SUM(s.status <> 'rolled_back'
                               AND EXISTS (SELECT 1 FROM config_history v WHERE v.change_set = s.id AND v.action = 'verify' AND v.environment = 'production')
                               AND NOT EXISTS (SELECT 1 FROM config_change_set r WHERE r.rollback_of = s.id
                                               AND r.status IN ('production_applied', 'production_verified'))) AS succeeded
                    FROM config_change_set s
                    WHERE s.id IN (SELECT change_set FROM config_history WHERE action = 'apply' AND environment = 'production' AND at >= ? AND at < ?)
                    """, arguments: [a, b])
                let applied: Int = row?["applied"] ?? 0
                let succeeded: Int = row?["succeeded"] ?? 0
                guard let rate = KPIMath.percent(succeeded, of: applied) else { return .noData("no change set was applied to production in the period") }
                return .value(rate, sample: applied, note: "\(succeeded) of \(applied) verified, not rolled back")
            }
        case "policy-compliance":
            return try read { db in
                var checks = 0
                var broken: [String] = []
                for env in ConfigEnvironment.allCases {
                    let snapshot = try Self.snapshot(env, revision: nil, registry: .penguinMails, db: db)
                    let policies = ConfigRules.standard.filter { $0.kind == .policy && $0.environments.contains(env) }
                    checks += policies.count
                    let view = ConfigView(environment: env, values: snapshot.values, registry: .penguinMails)
                    broken += ConfigRules.evaluate(view, rules: policies).map { "\($0.rule) (\(env))" }
                }
                guard let rate = KPIMath.percent(checks - broken.count, of: checks) else { return .noData("no compliance policy is defined") }
                return .value(rate, sample: checks, note: broken.isEmpty ? "every policy holds" : "breaks " + broken.joined(separator: ", "))
            }
        case "uptime":
            return try uptimeFigure(from: from, to: to)
        case "alert-response-time", "alert-resolution-time":
            let end = id == "alert-response-time" ? "acked_at" : "ends_at"
            return try read { db in
                let times = try Double.fetchAll(db, sql: """
                    SELECT ROUND((julianday(\(end)) - julianday(starts_at)) * 86400, 3) FROM alert INDEXED BY alert_all_starts
                    WHERE starts_at >= ? AND starts_at < ? AND \(end) IS NOT NULL
                    """, arguments: [a, b]).map { max(0, $0) }
                guard let median = KPIMath.median(times) else {
                    return .noData(id == "alert-response-time" ? "no alert that started in the period was acknowledged" : "no alert that started in the period has resolved")
                }
                let sorted = times.sorted()
                return .value(median, sample: times.count, note: "p90 " + KPIFormat.duration(sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.9).rounded(.up)) - 1)]))
            }
        case "escalation-success":
            guard let r = tickets?.overall.resolution, let met = r.metPercent else { return .noData("no resolution SLA of a ticket opened in the period is decided yet") }
            return .value(met, sample: r.met + r.missed, note: "\(r.met) met, \(r.missed) missed")
        case "proactive-detection":
            guard let stats = incidents, let rate = stats.proactiveDetectionPercent else { return .noData("no incident declared in the period has a linked alert or ticket") }
            return .value(rate, sample: stats.overall.incidents, note: "of \(stats.overall.incidents) incidents declared")
        case "deployment-success", "rollback-rate":
            return try deploymentFigure(id, from: a, to: b)
        case "security-response-time":
            guard let stats = incidents, let security = stats.byCategory.first(where: { $0.key == IncidentCategory.security.rawValue }) else {
                return .noData("no security incident was declared in the period")
            }
            guard let mtta = security.times.mtta else { return .noData("no security incident declared in the period is acknowledged yet") }
            return .value(mtta, sample: security.times.incidents,
                          note: stats.securityTimeToContain.map { "contained in " + KPIFormat.duration($0) + " (mean)" } ?? "none contained yet")
        case "integration-reliability":
            return try integrationReliabilityFigure()
        case "technical-debt":
            let stale = try staleFlags(days: 30, as: context)
            return .value(Double(stale.count), sample: stale.count, note: stale.isEmpty ? nil : stale.prefix(3).map(\.flag.flag.key).joined(separator: ", ") + (stale.count > 3 ? ", …" : ""))
        case "csat":
            guard let csat = tickets?.csat, let average = csat.average else { return .noData("no ticket opened in the period was rated") }
            return .value(average, sample: csat.count)
        case "retention":
            return try read { db in
                let base = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customer WHERE created_at < ? AND NOT (status = 'churned' AND updated_at < ?)",
                                            arguments: [a, a]) ?? 0
                let churned = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM customer WHERE created_at < ? AND status = 'churned' AND updated_at >= ? AND updated_at < ?
                    """, arguments: [a, a, b]) ?? 0
                guard let kept = KPIMath.percent(base - churned, of: base) else { return .noData("no customer was in the directory before the period began") }
                return .value(kept, sample: base, note: "\(churned) churned")
            }
        case "revenue-accuracy":
            return try read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT i.created AS created,
                           (SELECT MIN(c.created) FROM billing_charge c INDEXED BY billing_charge_invoice
                            WHERE c.invoice = i.id AND c.status = 'succeeded' AND c.amount = i.amount_paid AND c.currency = i.currency) AS charged
                    FROM billing_invoice i INDEXED BY billing_invoice_paid WHERE i.status = 'paid' AND i.created >= ? AND i.created < ?
                    """, arguments: [Int64(from.timeIntervalSince1970.rounded(.up)), Int64(to.timeIntervalSince1970.rounded(.up))])
                let lags = rows.compactMap { row -> Double? in (row["charged"] as Int64?).map { Double(max(0, $0 - (row["created"] as Int64))) } }
                guard let rate = KPIMath.percent(lags.count, of: rows.count) else { return .noData("no invoice created in the period has been paid") }
                return .value(rate, sample: rows.count,
                              note: "\(rows.count - lags.count) unmatched" + (KPIMath.median(lags).map { ", charged " + KPIFormat.duration($0) + " after the invoice (median)" } ?? ""))
            }
        case "expansion-rate":
            return try expansionFigure(at: to)
        case "cost-per-transaction":
            return .noData("pmops holds no operating-cost data")
        default:
            return .noData("unknown figure")
        }
    }

    /// Releases, counted once each: tracked deployments (the `deployment` table, as `deploys
    /// stats` reads it: started in the range and finished; healthy ones succeeded, whole
    /// rollbacks rolled back) plus deploys and rollbacks reported only as `changes record`
    /// events. The deploys feature writes a change event per step (start, each component,
    /// finish, the gate's verdict); those name a tracked deployment's service and version and
    /// are left out, or a five-component release would count as seven.
    private func deploymentFigure(_ id: String, from a: String, to b: String) throws(OpsError) -> KPIValue {
        try read { db in
            let tracked = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS finished, COUNT(*) FILTER (WHERE status = 'healthy') AS succeeded,
                       COUNT(*) FILTER (WHERE status = 'rolled-back') AS rollbacks
                FROM deployment INDEXED BY deployment_started
                WHERE started_at >= ? AND started_at < ? AND status NOT IN ('in-progress', 'gating')
                """, arguments: [a, b])
            let reported = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) FILTER (WHERE kind = 'deploy' AND status IN ('succeeded', 'failed')) AS finished,
                       COUNT(*) FILTER (WHERE kind = 'deploy' AND status = 'succeeded') AS succeeded,
                       COUNT(*) FILTER (WHERE kind = 'rollback' AND status <> 'started') AS rollbacks
                FROM change_event e INDEXED BY change_event_at
                WHERE e.at >= ? AND e.at < ? AND e.kind IN ('deploy', 'rollback')
                  AND NOT EXISTS (SELECT 1 FROM deployment d INDEXED BY deployment_service_started WHERE d.service = e.service
                                  AND (e.version = d.version OR substr(e.version, 1, length(d.version) + 2) = d.version || ' ('))
                """, arguments: [a, b])
            func sum(_ column: String) -> Int { (tracked?[column] as Int? ?? 0) + (reported?[column] as Int? ?? 0) }
            let finished = sum("finished"), succeeded = sum("succeeded"), rollbacks = sum("rollbacks")
            guard finished > 0 else { return .noData("no deployment finished in the period") }
            return id == "deployment-success"
                ? .value(Double(succeeded) * 100 / Double(finished), sample: finished, note: "\(finished - succeeded) failed")
                : .value(Double(rollbacks) * 100 / Double(finished), sample: finished, note: "\(rollbacks) rollbacks")
        }
    }

    /// Mean of every `probe_up` reading in the range, and the lowest probe.
    private func uptimeFigure(from: Date, to: Date) throws(OpsError) -> KPIValue {
        var total = 0.0, count = 0
        var lowest: (target: String, ratio: Double)?
        for series in try series(matching: "probe_up") {
            let window = try samples(seriesID: series.id, from: from, to: to, maxPoints: 2)
            let n = window.points.reduce(0) { $0 + $1.count }
            guard n > 0 else { continue }
            let sum = window.points.reduce(0.0) { $0 + ($1.avg ?? 0) * Double($1.count) }
            total += sum
            count += n
            let ratio = sum / Double(n)
            if lowest == nil || ratio < lowest!.ratio { lowest = (series.labels["target"] ?? series.name, ratio) }
        }
        guard count > 0, let lowest else { return .noData("no probe_up reading in the period (no probe configured, or the collector was not running)") }
        return .value(total / Double(count) * 100, sample: count, note: "lowest \(lowest.target) " + String(format: "%.2f %%", lowest.ratio * 100))
    }
}
