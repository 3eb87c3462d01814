import Foundation
import OpsCore

/// What a figure must reach, e.g. "p99 < 50 µs" or "median ≥ 300000 rows/s".
struct BenchTarget: Encodable {
    enum Stat: String, Encodable { case median, p90, p99 }
    enum Comparison: String, Encodable { case below = "<", atLeast = "≥" }
    var stat: Stat
    var comparison: Comparison
    var value: Double

    var text: String {
        let number = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : BenchFigure.format(value)
        return "\(stat.rawValue) \(comparison.rawValue) \(number)"
    }
}

/// One reported number with its spread. For latencies measured in runs of many calls,
/// `median`/`p90`/`p99` are the medians over runs of each run's percentile; for
/// one-sample-per-run figures (process wall time, throughput) they are taken over runs.
struct BenchFigure: Encodable {
    var id: String
    var label: String
    var unit: String
    var runs: Int
    /// Calls timed per run (1 when each run is one sample).
    var samplesPerRun: Int
    var median: Double?
    var p90: Double?
    var p99: Double?
    var min: Double?
    var max: Double?
    var target: BenchTarget?
    var note: String?

    enum CodingKeys: String, CodingKey {
        case id, label, unit, runs, median, p90, p99, min, max, target, note, pass
        case samplesPerRun = "samples_per_run"
    }

    /// True/false when there is a target, nil otherwise.
    var pass: Bool? {
        guard let target else { return nil }
        let stat: Double? = switch target.stat {
        case .median: median
        case .p90: p90
        case .p99: p99
        }
        guard let stat else { return false }
        return target.comparison == .below ? stat < target.value : stat >= target.value
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(label, forKey: .label)
        try c.encode(unit, forKey: .unit)
        try c.encode(runs, forKey: .runs)
        try c.encode(samplesPerRun, forKey: .samplesPerRun)
        try c.encodeIfPresent(median, forKey: .median)
        try c.encodeIfPresent(p90, forKey: .p90)
        try c.encodeIfPresent(p99, forKey: .p99)
        try c.encodeIfPresent(min, forKey: .min)
        try c.encodeIfPresent(max, forKey: .max)
        try c.encodeIfPresent(target?.text, forKey: .target)
        try c.encodeIfPresent(pass, forKey: .pass)
        try c.encodeIfPresent(note, forKey: .note)
    }

    /// A figure whose samples are one value per run.
    init(id: String, label: String, unit: String, perRun samples: BenchSamples, target: BenchTarget? = nil, note: String? = nil) {
        self.id = id
        self.label = label
        self.unit = unit
        runs = samples.count
        samplesPerRun = 1
        median = samples.median
        p90 = samples.percentile(90)
        p99 = samples.percentile(99)
        min = samples.smallest
        max = samples.largest
        self.target = target
        self.note = note
    }

    /// A latency figure from several runs of many timed calls each.
    init(id: String, label: String, unit: String, runs: [BenchSamples], target: BenchTarget? = nil, note: String? = nil) {
        self.id = id
        self.label = label
        self.unit = unit
        self.runs = runs.count
        samplesPerRun = runs.first?.count ?? 0
        median = BenchSamples(runs.compactMap { $0.percentile(50) }).median
        p90 = BenchSamples(runs.compactMap { $0.percentile(90) }).median
        p99 = BenchSamples(runs.compactMap { $0.percentile(99) }).median
        min = runs.compactMap(\.smallest).min()
        max = runs.compactMap(\.largest).max()
        self.target = target
        self.note = note
    }

    /// Three significant-ish digits: 0.412, 41.2, 41234.
    static func format(_ value: Double?) -> String {
        guard let value else { return "—" }
        if value >= 1000 { return String(Int(value.rounded())) }
        if value >= 100 { return String(format: "%.1f", value) }
        if value >= 10 { return String(format: "%.2f", value) }
        return String(format: "%.3f", value)
    }
}

/// The machine a report was measured on: figures from a shared 2-core box are only
/// comparable with the same box, so every report carries it.
struct BenchMachine: Encodable {
    var cpus: Int
    var cpuModel: String
    var memory: String
    var kernel: String
    /// 1, 5 and 15 minute load averages when the run started (others build here too).
    var loadAverage: [Double]

    enum CodingKeys: String, CodingKey {
        case cpus, memory, kernel
        case cpuModel = "cpu_model", loadAverage = "load_average"
    }

    static func current() -> BenchMachine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = field("model name", in: cpuinfo) ?? "unknown CPU"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let kib = field("MemTotal", in: meminfo).flatMap { Double($0.split(separator: " ").first ?? "") } ?? 0
        var loads = [Double](repeating: 0, count: 3)
        let got = loads.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { getloadavg($0, 3) } ?? -1 }
        var names = utsname()
        uname(&names)
        let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return BenchMachine(cpus: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), cpuModel: model,
                            memory: String(format: "%.1f GiB", kib / 1_048_576), kernel: "Linux \(release)",
                            loadAverage: got == 3 ? loads.map { ($0 * 100).rounded() / 100 } : [])
    }

    private static func field(_ name: String, in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    var summary: String {
        "\(cpus) CPUs, \(cpuModel), \(memory) RAM, \(kernel), load \(loadAverage.map { String(format: "%.2f", $0) }.joined(separator: " "))"
    }
}

/// Everything one `pmops bench …` run measured, printed as a table or as JSON.
struct BenchReport: Encodable {
    var suite: String
    var date: String
    var label: String?
    var machine: BenchMachine
    var fixture: [String: String]
    var figures: [BenchFigure]

    func print(json: Bool, saveTo path: String? = nil) throws {
        if let path {
            do {
                try Data(CLI.jsonBytes(self) + [0x0A]).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw OpsError.failure("Cannot write the report to \(path): \(error.localizedDescription)")
            }
        }
        if json { return try CLI.printJSON(self) }
        Swift.print("pmops bench \(suite) — \(date)\(label.map { " — \($0)" } ?? "")")
        Swift.print("machine: \(machine.summary)")
        for (key, value) in fixture.sorted(by: { $0.key < $1.key }) { Swift.print("\(key): \(value)") }
        Swift.print("")
        CLI.printTable(["FIGURE", "UNIT", "RUNS", "MEDIAN", "P90", "P99", "TARGET", "OK"], figures.map { f in
            [f.label, f.unit, f.samplesPerRun > 1 ? "\(f.runs)×\(f.samplesPerRun)" : String(f.runs),
             BenchFigure.format(f.median), BenchFigure.format(f.p90), BenchFigure.format(f.p99),
             f.target.map { "\($0.text) \(f.unit)" } ?? "", f.pass.map { $0 ? "yes" : "NO" } ?? ""]
        })
        let notes = figures.compactMap { f in f.note.map { "  \(f.label): \($0)" } }
        if !notes.isEmpty {
            Swift.print("\nnotes:")
            for note in notes { Swift.print(note) }
        }
    }

    static func now() -> String { Timestamp.format(Date()) }
}
