import Foundation

/// How KPI figures read: the same words in the terminal table, the Markdown report, the CSV
/// and the console. Notes may carry names from the store (probe targets), so every text
/// export escapes for its format.
public enum KPIFormat {
    /// "97.3 %", "4m 12s", "12", "4.25 / 5"; "no data" and "hidden" for the other cases.
    public static func value(_ value: KPIValue, unit: KPIUnit) -> String {
        switch value {
        case .value(let v, _, _): number(v, unit: unit)
        case .noData: "no data"
        case .hidden: "hidden"
        }
    }

    public static func number(_ v: Double, unit: KPIUnit) -> String {
        switch unit {
        case .percent: String(format: "%.1f %%", v)
        case .duration: duration(v)
        case .count: String(Int(v.rounded()))
        case .score: String(format: "%.2f / 5", v)
        }
    }

    /// Two units at most: "45s", "4m 12s", "3h 05m", "2d 04h".
    public static func duration(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        if s < 60 { return "\(s)s" }
        if s < 3_600 { return "\(s / 60)m \(pad(s % 60))s" }
        if s < 86_400 { return "\(s / 3_600)h \(pad(s % 3_600 / 60))m" }
        return "\(s / 86_400)d \(pad(s % 86_400 / 3_600))h"
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// What stands beside the value: "n=42 · lowest api 98.1 %", the reason for no data, or
    /// the permission a hidden figure needs.
    public static func detail(_ value: KPIValue) -> String {
        switch value {
        case .value(_, let n, let note): "n=\(n)" + (note.map { " · " + $0 } ?? "")
        case .noData(let reason): reason
        case .hidden(let permission): "needs \(permission.rawValue)"
        }
    }

    public static let sparkLevels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One cell per bucket scaled between the trend's own min and max; "·" for an empty
    /// bucket; a flat trend sits on the middle level. Empty for a row without a trend.
    public static func sparkline(_ trend: [Double?]) -> String {
        let values = trend.compactMap { $0 }
        guard let low = values.min(), let high = values.max() else { return String(repeating: "·", count: trend.count) }
        return String(trend.map { v -> Character in
            guard let v else { return "·" }
            guard high > low else { return sparkLevels[3] }
            let level = Int(((v - low) / (high - low) * Double(sparkLevels.count - 1)).rounded())
            return sparkLevels[min(sparkLevels.count - 1, max(0, level))]
        })
    }

    public static func status(_ value: KPIValue) -> String {
        switch value {
        case .value: "ok"
        case .noData: "no-data"
        case .hidden: "hidden"
        }
    }

    /// A monthly-report section: one table per group, value, sample, trend and definition;
    /// notes and reasons escaped so store text cannot open Markdown structure.
    public static func markdown(_ report: KPIReport) -> String {
        var out = "# PenguinMails KPIs\n\n"
        out += "Period: \(Timestamp.format(report.since).prefix(16).replacingOccurrences(of: "T", with: " ")) to "
        out += "\(Timestamp.format(report.until).prefix(16).replacingOccurrences(of: "T", with: " ")) UTC. "
        out += "Every figure is computed from the pmops store; \"no data\" says what is missing.\n"
        for group in KPIGroup.allCases {
            let rows = report.rows.filter { $0.definition.group == group }
            guard !rows.isEmpty else { continue }
            out += "\n## \(group.title)\n\n| KPI | Value | Detail | Trend | Definition |\n|---|---|---|---|---|\n"
            for row in rows {
                let cells = [IncidentMarkdown.escape(row.definition.name), IncidentMarkdown.escape(value(row.value, unit: row.definition.unit)),
                             IncidentMarkdown.escape(detail(row.value)), sparkline(row.trend), IncidentMarkdown.escape(row.definition.definition)]
                out += "| " + cells.joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    /// RFC 4180 rows with a header; raw numbers (seconds, percent) so a spreadsheet can chart
    /// them; a cell starting with = + - @ is prefixed with ' so it is never run as a formula.
    public static func csv(_ report: KPIReport) -> String {
        var lines = ["id,group,name,unit,value,sample,status,detail,trend,definition"]
        for row in report.rows {
            let d = row.definition
            let (v, n): (String, String) = if case .value(let x, let count, _) = row.value { (String(format: "%.3f", x), String(count)) } else { ("", "") }
            let trend = row.trend.map { $0.map { String(format: "%.3f", $0) } ?? "" }.joined(separator: ";")
            lines.append([d.id, d.group.rawValue, d.name, d.unit.rawValue, v, n, status(row.value), detail(row.value), trend, d.definition]
                .map(csvCell).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func csvCell(_ value: String) -> String {
        var v = value
        if let first = v.first, "=+-@".contains(first) { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }
}
