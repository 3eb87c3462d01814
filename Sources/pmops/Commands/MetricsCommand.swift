import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops metrics`: what the collector has stored. Reading needs metrics.read (every
/// built-in role holds it), checked for the acting account like every other command.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "Stored metrics: list names, query a series.",
        subcommands: [List.self, Query.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List metric names with their series count and newest sample.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only names starting with this.") var prefix: String?
        @OptionGroup var output: JSONOutput

        func run() throws {
            let db = try store.open(requiring: .metricsRead)
            var rows: [MetricSummary] = []
            for name in try db.metricNames() where prefix.map(name.hasPrefix) ?? true {
                let series = try db.series(matching: name)
                var newest: (series: MetricSeries, latest: MetricLatest)?
                for one in series {
                    guard let latest = try db.latest(name: name, labels: one.labels) else { continue }
                    if newest.map({ latest.time > $0.latest.time }) ?? true { newest = (one, latest) }
                }
                rows.append(MetricSummary(name: name, seriesCount: series.count, labels: newest?.series.labels,
                                          value: newest?.latest.value, time: newest?.latest.time))
            }
            if output.json { return try CLI.printJSON(rows) }
            CLI.printTable(["NAME", "SERIES", "LATEST", "AT", "OF"], rows.map {
                [$0.name, String($0.seriesCount), $0.value.map(Self.number) ?? "—", $0.time.map(Timestamp.format) ?? "",
                 $0.seriesCount > 1 ? Self.labelText($0.labels ?? [:]) : ""]
            })
        }

        static func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.4g", value)
        }

        static func labelText(_ labels: [String: String]) -> String {
            labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
    }

    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Points of the series called NAME (min/avg/max per bucket) over a time range.",
            discussion: """
            Every series of NAME whose labels include each --label pair is printed. The
            resolution follows the range: raw samples up to 6 h, minute rollups up to 14 d,
            hour rollups beyond.
            """)
        @OptionGroup var store: StoreOptions
        @Argument(help: "Metric name, e.g. pm_queue_depth.") var name: String
        @Option(name: .customLong("label"), help: ArgumentHelp("Label filter (repeatable).", valueName: "k=v")) var labels: [String] = []
        @Option(help: "Start: a duration ago (15m, 1h, 7d) or a timestamp.") var since = "1h"
        @Option(help: "End: a duration ago or a timestamp (default: now).") var until: String?
        @Option(help: "At most this many points per series.") var points = 60
        @OptionGroup var output: JSONOutput

        func validate() throws {
            for pair in labels where !pair.contains("=") || pair.hasPrefix("=") {
                throw ValidationError("--label needs key=value, not \(Printable.excerpt(pair)).")
            }
            try CLI.validating { () throws(OpsError) in
                _ = try CLI.since(since, field: "since")
                if let until { _ = try CLI.since(until, field: "until") }
            }
            if points < 2 || points > 10_000 { throw ValidationError("--points must be between 2 and 10000.") }
        }

        func run() throws {
            let db = try store.open(requiring: .metricsRead)
            let now = Date()
            let from = try CLI.since(since, field: "since", now: now)
            let to = try until.map { text throws(OpsError) in try CLI.since(text, field: "until", now: now) } ?? now
            guard from <= to else { throw OpsError.invalid(field: "since", message: "the range starts after it ends.") }
            let filter = Dictionary(labels.map { pair -> (String, String) in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }, uniquingKeysWith: { _, last in last })
            let series = try db.series(matching: name, labels: filter)
            guard !series.isEmpty else {
                let known = try db.metricNames().contains(name)
                throw OpsError.notFound(known ? "No series of \(Printable.excerpt(name)) has the labels \(Printable.excerpt(List.labelText(filter)))."
                    : "No metric called \(Printable.excerpt(name)); `pmops metrics list` shows what is stored.")
            }
            let windows = try series.map { one throws(OpsError) in
                (one, try db.samples(seriesID: one.id, from: from, to: to, maxPoints: points))
            }
            if output.json { return try CLI.printJSON(windows.map { SeriesWindowJSON(series: $0.0, window: $0.1) }) }
            for (index, (one, window)) in windows.enumerated() {
                if index > 0 { print("") }
                // Names and labels come from scraped exporters: untrusted.
                print(CLI.safe("\(one.name)\(one.labels.isEmpty ? "" : "{\(List.labelText(one.labels))}")")
                    + "  "
                    + "(\(window.resolution), \(Int(window.bucket)) s buckets, \(window.points.count) points)")
                CLI.printTable(["TIME", "AVG", "MIN", "MAX", "SAMPLES"], window.points.map {
                    [Timestamp.format($0.time), $0.avg.map(List.number) ?? "", $0.min.map(List.number) ?? "",
                     $0.max.map(List.number) ?? "", String($0.count)]
                })
            }
        }
    }
}

/// One row of `metrics list --json`.
struct MetricSummary: Encodable {
    let name: String
    let seriesCount: Int
    /// The labels of the series holding the newest sample.
    let labels: [String: String]?
    let value: Double?
    let time: Date?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONField.self)
        try c.field("name", name)
        try c.field("series", seriesCount)
        var latest = c.nestedContainer(keyedBy: JSONField.self, forKey: JSONField("latest"))
        try latest.field("labels", labels)
        try latest.field("value", value.flatMap { $0.isFinite ? $0 : nil })
        try latest.time("time", time)
    }
}

/// One series of `metrics query --json`.
struct SeriesWindowJSON: Encodable {
    let series: MetricSeries
    let window: MetricWindow

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONField.self)
        try c.field("name", series.name)
        try c.field("labels", series.labels)
        try c.field("resolution", "\(window.resolution)")
        try c.field("bucket_seconds", window.bucket)
        var list = c.nestedUnkeyedContainer(forKey: JSONField("points"))
        for point in window.points {
            var p = list.nestedContainer(keyedBy: JSONField.self)
            try p.time("time", point.time)
            try p.field("min", point.min)
            try p.field("avg", point.avg)
            try p.field("max", point.max)
            try p.field("count", point.count)
        }
    }
}
