import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops kpi`: the success metrics of the use-case document, computed from the store, each
/// with its definition; "no data" with the reason where the data does not exist.
struct KPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi", abstract: "The KPI report: every success metric of the use cases, computed from the store, with its definition.",
        discussion: """
        Figures a reader's roles do not cover show as hidden (with the permission they need). Trends split the period into
        --buckets equal parts, oldest first (· where a part has no data). --md writes a report to paste into a monthly review;
        --csv gives raw numbers (seconds, percent) for a spreadsheet.
        """)
    @OptionGroup var store: StoreOptions
    @Option(help: "Period: 30d, 24h, or a UTC date.") var since = "30d"
    @Option(help: "Trend points per figure (1–60).") var buckets = 8
    @Flag(help: "JSON output.") var json = false
    @Flag(help: "CSV output (RFC 4180).") var csv = false
    @Flag(name: .customLong("md"), help: "Markdown report.") var markdown = false

    func validate() throws {
        try CLI.validating { () throws(OpsError) in
            _ = try CLI.since(since, field: "since")
            guard (1...60).contains(buckets) else { throw .invalid(field: "buckets", message: "must be between 1 and 60, not \(buckets).") }
            guard [json, csv, markdown].filter({ $0 }).count <= 1 else {
                throw .invalid(field: "format", message: "choose one of --json, --csv and --md.")
            }
        }
    }

    func run() throws {
        let report = try store.open().kpiReport(since: try CLI.since(since, field: "since"), buckets: buckets, as: store.actor)
        if json { return try CLI.printJSON(KPIReportJSON(report)) }
        if csv { return try CLI.writeLines([String(KPIFormat.csv(report).dropLast(2))].flatMap { $0.components(separatedBy: "\r\n") }) }
        if markdown { return try CLI.writeLines(KPIFormat.markdown(report).components(separatedBy: "\n").dropLast().map { $0 }) }
        var lines = ["KPIs from \(Timestamp.format(report.since).prefix(16)) to \(Timestamp.format(report.until).prefix(16)) UTC"]
        for group in KPIGroup.allCases {
            lines.append("")
            lines.append(group.title)
            for row in report.rows where row.definition.group == group {
                let d = row.definition
                let value = KPIFormat.value(row.value, unit: d.unit)
                let spark = KPIFormat.sparkline(row.trend)
                lines.append("  " + pad(d.name, 36) + pad(value, 14) + pad(spark, 10) + CLI.safe(KPIFormat.detail(row.value)))
                lines.append("      " + d.definition)
            }
        }
        try CLI.writeLines(lines)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        let n = text.count
        return n >= width ? text + " " : text + String(repeating: " ", count: width - n)
    }
}

/// `kpi --json`: values in seconds (duration), 0–100 (percent), 1–5 (score) or a count;
/// null with `reason` where there is no data, `needs` where the reader may not see it.
struct KPIReportJSON: Encodable {
    struct Row: Encodable {
        var id, group, name, unit, status, definition: String
        var value: Double?
        var sample: Int?
        var note, reason, needs: String?
        var trend: [Double?]
        init(_ row: KPIRow) {
            let d = row.definition
            id = d.id; group = d.group.rawValue; name = d.name; unit = d.unit.rawValue; definition = d.definition
            status = KPIFormat.status(row.value); trend = row.trend
            switch row.value {
            case let .value(v, n, text): value = v; sample = n; note = text
            case let .noData(why): reason = why
            case let .hidden(permission): needs = permission.rawValue
            }
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(group, forKey: .group); try c.encode(name, forKey: .name)
            try c.encode(unit, forKey: .unit); try c.encode(status, forKey: .status); try c.encode(value, forKey: .value)
            try c.encode(sample, forKey: .sample); try c.encode(note, forKey: .note); try c.encode(reason, forKey: .reason)
            try c.encode(needs, forKey: .needs); try c.encode(trend, forKey: .trend); try c.encode(definition, forKey: .definition)
        }
        enum CodingKeys: String, CodingKey { case id, group, name, unit, status, value, sample, note, reason, needs, trend, definition }
    }
    var since, until: String
    var kpis: [Row]
    init(_ report: KPIReport) {
        since = Timestamp.format(report.since)
        until = Timestamp.format(report.until)
        kpis = report.rows.map(Row.init)
    }
}
