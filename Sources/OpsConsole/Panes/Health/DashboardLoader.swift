import Foundation
import OpsCore
import OpsStore

/// Builds a `DashboardSnapshot` from the store: latest values, windowed histories, source
/// status, open alerts and probe uptime. A check a shipped rule covers takes its status from
/// the open alerts (`HealthChecks`), the same rows the header and the queue show; the
/// thresholds here only describe readings no rule covers.
public struct DashboardLoader: Sendable {
    public let store: AppDatabase
    /// History points per sparkline / chart.
    public var points = 120
    /// A series whose newest sample is older than this counts as stale (health unknown).
    public var staleAfter: TimeInterval = 120

    public init(store: AppDatabase) { self.store = store }

    public func load(window: DashboardWindow, now: Date) throws(OpsError) -> DashboardSnapshot {
        var s = DashboardSnapshot(takenAt: now)
        s.kpis = [
            try metric("deliverability", "Deliverability", "pm_deliverability_percent", ["pool": "main"], "%", window, now) { $0 < 95 ? .degraded : .healthy },
            try metric("bounce", "Bounce rate", "pm_bounce_percent", ["pool": "main"], "%", window, now) { $0 > 5 ? .down : $0 > 3 ? .degraded : .healthy },
            try metric("complaints", "Complaints", "pm_complaint_percent", ["pool": "main"], "%", window, now) { $0 > 0.3 ? .down : $0 > 0.1 ? .degraded : .healthy },
            try metric("queue", "Queue depth", "pm_queue_depth", ["queue": "outbound-main"], "", window, now) { $0 > 10_000 ? .down : $0 > 1_000 ? .degraded : .healthy },
            try metric("sends", "Sends/min", "pm_sends_per_minute", ["pool": "main"], "", window, now) { _ in .healthy },
            try metric("warmup", "Warm-up", "pm_warmup_progress_percent", ["pool": "warmup"], "%", window, now) { _ in .healthy },
        ]
        var cpu = try metric("cpu", "CPU", "host_cpu_busy_percent", ["cpu": "total"], "%", window, now) { $0 > 90 ? .degraded : .healthy }
        cpu.ratio = cpu.value.map { $0 / 100 }
        var memory = try metric("memory", "Memory", "host_memory_used_percent", [:], "%", window, now) { $0 > 90 ? .degraded : .healthy }
        memory.ratio = memory.value.map { $0 / 100 }
        var disk = try metric("disk", "Disk /", "host_filesystem_used_percent", ["mount": "/"], "%", window, now) { $0 > 97 ? .down : $0 > 90 ? .degraded : .healthy }
        disk.ratio = disk.value.map { $0 / 100 }
        let cores = Double(max(1, ProcessInfo.processInfo.activeProcessorCount))
        var load = try metric("load", "Load 1m", "host_load1", [:], "", window, now) { $0 > cores * 2 ? .degraded : .healthy }
        load.ratio = load.value.map { min(1, $0 / cores) }
        if load.value == nil, let node = try store.series(matching: "node_load1").first {
            load = try metric("load", "Load 1m", "node_load1", node.labels, "", window, now) { $0 > cores * 2 ? .degraded : .healthy }
            load.ratio = load.value.map { min(1, $0 / cores) }
        }
        // pmops' own host source first; a node exporter scrape fills what it lacks.
        if cpu.value == nil, let node = try nodeCPU(window, now) { cpu = node }
        if memory.value == nil, let node = try nodeMemory(window, now) { memory = node }
        if disk.value == nil, let node = try nodeDisk(window, now) { disk = node }
        // The open alerts decide a check a rule covers, so the grid and the queue agree.
        let open = try store.openAlertStates()
        s.kpis = s.kpis.map { HealthChecks.reconcile($0, alerts: open, now: now) }
        s.gauges = [cpu, memory, disk, load].map { HealthChecks.reconcile($0, alerts: open, now: now) }
        if let network = try nodeNetwork(window, now) { s.gauges.append(network) }
        s.pending = open.filter(\.isPending).prefix(20).map {
            .init(severity: $0.severity.rawValue, summary: $0.summary, firesIn: $0.firesText(now: now))
        }

        // Critical first, then the longest firing.
        let firing = try store.firingDigest(limit: 20)
        s.firing = firing.top.map { .init(severity: $0.severity.rawValue, summary: $0.summary, since: $0.startsAt) }
        s.severityCounts = Dictionary(uniqueKeysWithValues: firing.counts.map { ($0.key.rawValue, $0.value) })
        s.sources = try store.sourceStatuses().map { .init(name: $0.source, up: $0.up, lastSuccess: $0.lastSuccess, lastError: $0.lastError) }
        s.services = try services(now: now, kpis: s.kpis, gauges: s.gauges).map { HealthChecks.reconcile($0, alerts: open, now: now) }
        s.uptime = try uptime(now: now)
        return s
    }

    func metric(_ id: String, _ title: String, _ name: String, _ labels: [String: String], _ unit: String,
                _ window: DashboardWindow, _ now: Date, health: (Double) -> DashboardSnapshot.Health) throws(OpsError) -> DashboardSnapshot.Metric {
        guard let latest = try store.latest(name: name, labels: labels) else {
            return .init(id: id, title: title, value: nil, unit: unit, history: [], health: .unknown)
        }
        // A fixed number of time slots over the window, NaN where nothing was recorded, so
        // sparklines and charts put values at their time, not squeezed to the left.
        let from = now.addingTimeInterval(-window.seconds)
        var history = [Double](repeating: .nan, count: points)
        for p in try store.samples(seriesID: latest.seriesID, from: from, to: now, maxPoints: points).points {
            guard let v = p.max ?? p.avg else { continue }
            let slot = Int(p.time.timeIntervalSince(from) / window.seconds * Double(points))
            history[min(points - 1, max(0, slot))] = v
        }
        let stale = now.timeIntervalSince(latest.time) > staleAfter
        return .init(id: id, title: title, value: latest.value, unit: unit, history: history,
                     health: stale ? .unknown : health(latest.value))
    }

    /// Latest values of every series of `name` that are fresh.
    func fresh(_ name: String, now: Date) throws(OpsError) -> [(labels: [String: String], value: Double)] {
        var out: [(labels: [String: String], value: Double)] = []
        for series in try store.series(matching: name) {
            guard let latest = try store.latest(name: series.name, labels: series.labels),
                  now.timeIntervalSince(latest.time) <= staleAfter else { continue }
            out.append((series.labels, latest.value))
        }
        return out
    }

    func services(now: Date, kpis: [DashboardSnapshot.Metric], gauges: [DashboardSnapshot.Metric]) throws(OpsError) -> [DashboardSnapshot.Service] {
        typealias S = DashboardSnapshot.Service
        var out: [S] = []
        let queues = try fresh("pm_queue_depth", now: now)
        if let worst = queues.max(by: { $0.value < $1.value }) {
            let h: DashboardSnapshot.Health = worst.value > 10_000 ? .down : worst.value > 1_000 ? .degraded : .healthy
            out.append(S(name: "MTA queue", health: h, detail: "\(worst.labels["queue"] ?? "?") \(String(format: "%.0f", worst.value).groupedThousands)"))
        } else { out.append(S(name: "MTA queue", health: .unknown, detail: "no data")) }

        let probes = try fresh("probe_up", now: now)
        let smtpProbes = probes.filter { ($0.labels["target"] ?? "").contains("smtp") || $0.labels["kind"] == "tcp" }
        let latency = try fresh("pm_smtp_latency_seconds", now: now)
        if !smtpProbes.isEmpty || !latency.isEmpty {
            let down = smtpProbes.filter { $0.value < 1 }.map { $0.labels["target"] ?? "?" }
            let slow = latency.filter { $0.value > 0.5 }.map { $0.labels["server"] ?? "?" }
            let h: DashboardSnapshot.Health = !down.isEmpty ? .down : !slow.isEmpty ? .degraded : .healthy
            let detail = !down.isEmpty ? "down: \(down.joined(separator: ", "))" : !slow.isEmpty ? "slow: \(slow.joined(separator: ", "))"
                : "\(max(smtpProbes.count, latency.count)) checked"
            out.append(S(name: "SMTP", health: h, detail: detail))
        } else { out.append(S(name: "SMTP", health: .unknown, detail: "no probe configured")) }

        let http = probes.filter { $0.labels["kind"] == "http" }
        if http.isEmpty { out.append(S(name: "API", health: .unknown, detail: "no probe configured")) } else {
            let down = http.filter { $0.value < 1 }.map { $0.labels["target"] ?? "?" }
            out.append(S(name: "API", health: down.isEmpty ? .healthy : .down, detail: down.isEmpty ? "\(http.count) up" : "down: \(down.joined(separator: ", "))"))
        }
        out.append(S(name: "Database", health: .healthy, detail: "store readable"))

        let stripe = try fresh("pm_stripe_webhook_age_seconds", now: now).first
        out.append(S(name: "Stripe webhooks", health: stripe.map { $0.value > 3600 ? .down : $0.value > 600 ? .degraded : .healthy } ?? .unknown,
                     detail: stripe.map { "last \(HealthPane.age($0.value)) ago" } ?? "no data"))

        let dns = try fresh("pm_dns_check_ok", now: now)
        let failing = dns.filter { $0.value < 1 }.map { $0.labels["record"] ?? "?" }
        out.append(S(name: "DNS", health: dns.isEmpty ? .unknown : failing.isEmpty ? .healthy : .degraded,
                     detail: dns.isEmpty ? "no data" : failing.isEmpty ? "SPF DKIM DMARC ok" : "failing: \(failing.joined(separator: ", "))"))

        let listings = try fresh("pm_blacklist_listings", now: now)
        let listed = listings.filter { $0.value > 0 }
        out.append(S(name: "Blacklists", health: listings.isEmpty ? .unknown : listed.isEmpty ? .healthy : .down,
                     detail: listings.isEmpty ? "no data" : listed.isEmpty ? "no listing"
                        : listed.map { "\($0.labels["ip"] ?? "?") on \($0.labels["list"] ?? "?")" }.joined(separator: ", ")))

        let hostStates = gauges.filter { ["cpu", "memory", "disk"].contains($0.id) }.map(\.health)
        let hostHealth: DashboardSnapshot.Health = hostStates.allSatisfy { $0 == .unknown } ? .unknown
            : hostStates.contains(.down) ? .down : hostStates.contains(.degraded) ? .degraded : .healthy
        // CPU needs two readings; until then say what is known rather than "no data".
        let reading = { (id: String, format: String) in gauges.first { $0.id == id }?.value.map { String(format: format, $0) } }
        let detail = reading("cpu", "cpu %.0f%%") ?? reading("memory", "mem %.0f%%") ?? reading("disk", "disk %.0f%%") ?? "no data"
        out.append(S(name: "Host", health: hostHealth, detail: detail))
        return out
    }

    /// Probe uptime over 24 h, 7 d and 30 d from `probe_up` samples.
    func uptime(now: Date) throws(OpsError) -> [DashboardSnapshot.Uptime] {
        try store.series(matching: "probe_up").prefix(8).map { series throws(OpsError) in
            func ratio(_ seconds: TimeInterval) throws(OpsError) -> Double? {
                let window = try store.samples(seriesID: series.id, from: now.addingTimeInterval(-seconds), to: now, maxPoints: 2)
                let n = window.points.reduce(0) { $0 + $1.count }
                guard n > 0 else { return nil }
                return window.points.reduce(0.0) { $0 + ($1.avg ?? 0) * Double($1.count) } / Double(n)
            }
            return .init(target: series.labels["target"] ?? series.name, day: try ratio(86_400), week: try ratio(604_800), month: try ratio(2_592_000))
        }
    }
}
