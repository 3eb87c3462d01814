import Foundation
import OpsCore
import Testing

@Suite("KPI arithmetic and formats")
struct KPIFormatTests {
    @Test("median is the lower middle; percent of nothing is nil", arguments: [
        ([], nil), ([5], 5), ([1, 9], 1), ([3, 1, 2], 2), ([4, 1, 3, 2], 2),
    ] as [([Double], Double?)])
    func median(values: [Double], expected: Double?) {
        #expect(KPIMath.median(values) == expected)
    }

    @Test("percent")
    func percent() {
        #expect(KPIMath.percent(1, of: 4) == 25)
        #expect(KPIMath.percent(0, of: 0) == nil)
    }

    @Test("buckets cover the period back to back and end exactly at its end")
    func buckets() {
        let a = Date(timeIntervalSince1970: 0), b = Date(timeIntervalSince1970: 800)
        let ranges = KPIMath.buckets(since: a, until: b, count: 8)
        #expect(ranges.count == 8 && ranges.first?.from == a && ranges.last?.to == b)
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.to == $1.from })
        #expect(KPIMath.buckets(since: b, until: a, count: 8).isEmpty)
    }

    @Test("values read as people write them", arguments: [
        (45, KPIUnit.duration, "45s"), (252, .duration, "4m 12s"), (11_100, .duration, "3h 05m"), (187_200, .duration, "2d 04h"),
        (97.25, .percent, "97.2 %"), (3.0, .count, "3"), (4.256, .score, "4.26 / 5"),
    ] as [(Double, KPIUnit, String)])
    func number(v: Double, unit: KPIUnit, expected: String) {
        #expect(KPIFormat.number(v, unit: unit) == expected)
    }

    @Test("sparklines scale to the trend; gaps are dots; a flat trend sits mid-height")
    func sparkline() {
        #expect(KPIFormat.sparkline([0, nil, 7, 3.5]) == "▁·█▅")
        #expect(KPIFormat.sparkline([2, 2, 2]) == "▄▄▄")
        #expect(KPIFormat.sparkline([nil, nil]) == "··")
        #expect(KPIFormat.sparkline([]) == "")
    }

    static func report(note: String) -> KPIReport {
        let d = KPICatalog.definition("uptime")!
        return KPIReport(since: Date(timeIntervalSince1970: 0), until: Date(timeIntervalSince1970: 86_400),
                         rows: [KPIRow(definition: d, value: .value(99.5, sample: 10, note: note), trend: [99, nil, 100]),
                                KPIRow(definition: KPICatalog.definition("csat")!, value: .hidden(.ticketsRead)),
                                KPIRow(definition: KPICatalog.definition("expansion-rate")!, value: .noData("no history")),
                                KPIRow(definition: KPICatalog.definition("cost-per-transaction")!, value: .noData("@cmd"))])
    }

    @Test("CSV: raw numbers, quoted cells, no formula can run")
    func csv() {
        let lines = KPIFormat.csv(Self.report(note: "=HYPERLINK(\"x\"), lowest")).components(separatedBy: "\r\n")
        #expect(lines[0] == "id,group,name,unit,value,sample,status,detail,trend,definition")
        #expect(lines[1].hasPrefix("uptime,operational,Uptime and availability,percent,99.500,10,ok,\"n=10 · =HYPERLINK(\"\"x\"\"), lowest\",99.000;;100.000,"))
        #expect(lines[2].hasPrefix("csat,business,Customer satisfaction (CSAT),score,,,hidden,needs tickets.read,,"))
        #expect(lines[3].hasPrefix("expansion-rate,business,Expansion rate,percent,,,no-data,no history,,"))
        #expect(lines[4].hasPrefix("cost-per-transaction,business,Cost per transaction,count,,,no-data,'@cmd,,"))
    }

    @Test("Markdown: a table per group; store text cannot open structure")
    func markdown() {
        let md = KPIFormat.markdown(Self.report(note: "| ![x](http://e) <b>"))
        #expect(md.contains("## Operational performance\n\n| KPI | Value | Detail | Trend | Definition |"))
        #expect(md.contains("| Uptime and availability | 99\\.5 % | n\\=10 · \\| \\!\\[x\\]\\(http\\://e\\) &lt;b&gt; | ▁·█ |"))
        #expect(md.contains("## Business impact"))
        #expect(!md.contains("## Administrative"))
    }

    @Test("catalog ids are unique and every document metric has a row")
    func catalog() {
        #expect(Set(KPICatalog.all.map(\.id)).count == KPICatalog.all.count)
        #expect(KPICatalog.all.count == 19)
        for group in KPIGroup.allCases { #expect(KPICatalog.all.contains { $0.group == group }) }
    }
}
