import Foundation
import OpsCore
import OpsStore

/// Host gauges from a node exporter scrape (`node_cpu_seconds_per_second`, `node_memory_*`,
/// `node_filesystem_*`, `node_load1`, `node_network_*_bytes_per_second`), used where pmops'
/// own host source has no sample, so a host watched only through its exporter is not "no
/// data". The scraper stores a counter `x_total` as its rate `x_per_second` (`ScrapeTransform`)
/// and no source stores raw counters, so CPU and network read rates and only add them up.
extension DashboardLoader {
    typealias Metric = DashboardSnapshot.Metric

    /// The node exporter's CPU busy share: 100 × (1 − idle and iowait rate / every mode's rate).
    func nodeCPU(_ window: DashboardWindow, _ now: Date) throws(OpsError) -> Metric? {
        let all = try store.series(matching: "node_cpu_seconds_per_second")
        guard !all.isEmpty else { return nil }
        let idle = all.filter { ["idle", "iowait"].contains($0.labels["mode"] ?? "") }
        let busy = { (idle: Double, total: Double) -> Double in total > 0 ? 100 * max(0, min(1, 1 - idle / total)) : .nan }
        let idleSlots = try idle.isEmpty ? [Double](repeating: 0, count: points) : slotSums(idle, window, now)
        let history = zip(idleSlots, try slotSums(all, window, now)).map { busy($0.0, $0.1) }
        var value: Double?
        if let total = try freshSum(all, now), let idleRate = try idle.isEmpty ? 0 : freshSum(idle, now) {
            value = busy(idleRate, total)
        }
        return gauge("cpu", "CPU", value, "%", history, ratio: value.map { $0 / 100 }) { $0 > 90 ? .degraded : .healthy }
    }

    /// Memory in use: 100 × (1 − MemAvailable / MemTotal).
    func nodeMemory(_ window: DashboardWindow, _ now: Date) throws(OpsError) -> Metric? {
        try usedPercent("memory", "Memory", free: "node_memory_MemAvailable_bytes", size: "node_memory_MemTotal_bytes",
                        labels: [:], window, now) { $0 > 90 ? .degraded : .healthy }
    }

    /// The root filesystem in use: 100 × (1 − avail / size) for `mountpoint="/"`.
    func nodeDisk(_ window: DashboardWindow, _ now: Date) throws(OpsError) -> Metric? {
        try usedPercent("disk", "Disk /", free: "node_filesystem_avail_bytes", size: "node_filesystem_size_bytes",
                        labels: ["mountpoint": "/"], window, now) { $0 > 97 ? .down : $0 > 90 ? .degraded : .healthy }
    }

    /// Bytes received and sent per second over every interface but loopback, in kB/s.
    func nodeNetwork(_ window: DashboardWindow, _ now: Date) throws(OpsError) -> Metric? {
        let series = try (store.series(matching: "node_network_receive_bytes_per_second")
            + store.series(matching: "node_network_transmit_bytes_per_second"))
            .filter { $0.labels["device"] != "lo" }
        guard !series.isEmpty else { return nil }
        let history = try slotSums(series, window, now).map { $0 / 1000 }
        return gauge("network", "Network", try freshSum(series, now).map { $0 / 1000 }, "kB/s", history, ratio: nil) { _ in .healthy }
    }

    // MARK: - Reading

    private func gauge(_ id: String, _ title: String, _ value: Double?, _ unit: String, _ history: [Double], ratio: Double?,
                       health: (Double) -> DashboardSnapshot.Health) -> Metric {
        let value = value.flatMap { $0.isFinite ? $0 : nil }
        return Metric(id: id, title: title, value: value, unit: unit, history: history,
                      health: value.map(health) ?? .unknown, ratio: ratio)
    }

    private func usedPercent(_ id: String, _ title: String, free: String, size: String, labels: [String: String],
                             _ window: DashboardWindow, _ now: Date,
                             health: (Double) -> DashboardSnapshot.Health) throws(OpsError) -> Metric? {
        guard let freeSeries = try store.series(matching: free, labels: labels).first,
              let sizeSeries = try store.series(matching: size, labels: freeSeries.labels).first(where: { $0.labels == freeSeries.labels })
        else { return nil }
        let used = { (free: Double, size: Double) -> Double in size > 0 ? 100 * max(0, min(1, 1 - free / size)) : .nan }
        let history = zip(try slots(freeSeries.id, window, now), try slots(sizeSeries.id, window, now)).map { used($0.0, $0.1) }
        var value: Double?
        if let a = try store.latest(name: free, labels: freeSeries.labels), let b = try store.latest(name: size, labels: sizeSeries.labels),
           now.timeIntervalSince(a.time) <= staleAfter {
            value = used(a.value, b.value)
        }
        return gauge(id, title, value, "%", history, ratio: value.map { $0 / 100 }, health: health)
    }

    /// One series' values in `points` time slots over the window (NaN where none), the
    /// newest value of a slot kept.
    func slots(_ seriesID: Int64, _ window: DashboardWindow, _ now: Date) throws(OpsError) -> [Double] {
        let from = now.addingTimeInterval(-window.seconds)
        var values = [Double](repeating: .nan, count: points)
        for p in try store.samples(seriesID: seriesID, from: from, to: now, maxPoints: points).points {
            guard let v = p.max ?? p.avg else { continue }
            values[min(points - 1, max(0, Int(p.time.timeIntervalSince(from) / window.seconds * Double(points))))] = v
        }
        return values
    }

    /// The sum over `series` of each slot's average (NaN where none has a value): rates of
    /// one scrape add up to the whole (every CPU mode, every interface).
    func slotSums(_ series: [MetricSeries], _ window: DashboardWindow, _ now: Date) throws(OpsError) -> [Double] {
        let from = now.addingTimeInterval(-window.seconds)
        var sum = [Double](repeating: .nan, count: points)
        for s in series {
            for p in try store.samples(seriesID: s.id, from: from, to: now, maxPoints: points).points {
                guard let v = p.avg ?? p.max, v.isFinite else { continue }
                let slot = min(points - 1, max(0, Int(p.time.timeIntervalSince(from) / window.seconds * Double(points))))
                sum[slot] = (sum[slot].isFinite ? sum[slot] : 0) + v
            }
        }
        return sum
    }

    /// The sum of the newest values of `series` that are fresh (within `staleAfter`), nil
    /// when none is.
    func freshSum(_ series: [MetricSeries], _ now: Date) throws(OpsError) -> Double? {
        var total: Double?
        for s in series {
            guard let latest = try store.latest(name: s.name, labels: s.labels), now.timeIntervalSince(latest.time) <= staleAfter,
                  latest.value.isFinite else { continue }
            total = (total ?? 0) + latest.value
        }
        return total
    }
}
