import Foundation

/// /proc/stat: the `cpu` lines, and busy percentages from two readings.
public enum ProcStat {
    /// The aggregate line first (as `cpu: "total"`), then one per core in file order.
    public static func parse(_ text: String) throws(CollectorError) -> [CPUTimes] {
        var out: [CPUTimes] = []
        for line in text.split(separator: "\n") where line.hasPrefix("cpu") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 5 else { throw CollectorError.malformed(what: "/proc/stat", message: "short line \"\(line)\"") }
            let label = fields[0] == "cpu" ? "total" : String(fields[0].dropFirst(3))
            guard label == "total" || Int(label) != nil else { continue }
            var numbers: [UInt64] = []
            for field in fields.dropFirst().prefix(8) {
                guard let n = UInt64(field) else {
                    throw CollectorError.malformed(what: "/proc/stat", message: "non-numeric field \"\(field)\"")
                }
                numbers.append(n)
            }
            while numbers.count < 8 { numbers.append(0) }
            out.append(CPUTimes(cpu: label, user: numbers[0], nice: numbers[1], system: numbers[2], idle: numbers[3],
                                iowait: numbers[4], irq: numbers[5], softirq: numbers[6], steal: numbers[7]))
        }
        guard !out.isEmpty else { throw CollectorError.malformed(what: "/proc/stat", message: "no cpu lines") }
        return out
    }

    /// Busy share of the ticks between two readings, 0…100; nil when no tick passed or the
    /// counters went back (a core that went offline and came back restarts at zero).
    /// The kernel's iowait can step backwards, so the waiting share is clamped, not trusted.
    public static func busyPercent(from old: CPUTimes, to new: CPUTimes) -> Double? {
        guard new.total > old.total else { return nil }
        let total = Double(new.total - old.total)
        let waitingDelta = Double(new.waiting) - Double(old.waiting)
        let waiting = min(max(waitingDelta, 0), total)
        return (total - waiting) / total * 100
    }
}
