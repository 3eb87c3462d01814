import Foundation
import OpsCollector
import Testing

@Suite("Exposition syntax: escapes, special values, timestamps, suffixes")
struct ExpositionSyntaxTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func parse(_ text: String, _ format: ExpositionFormat = .text) throws -> ExpositionParseResult {
        try ExpositionParser.parse(text, format: format, now: now)
    }

    @Test("label values unescape \\\\, \\\" and \\n; other pairs stay as written")
    func labelEscapes() throws {
        let result = try parse(#"msg{a="back\\slash",b="say \"hi\"",c="two\nlines",d="C:\dir"} 1"#)
        #expect(result.errors == [])
        #expect(result.samples.first?.labels == ["a": #"back\slash"#, "b": #"say "hi""#, "c": "two\nlines", "d": #"C:\dir"#])
        // The canonical key escapes them back, so it can be pasted into a selector.
        #expect(result.samples.first?.seriesKey.rawValue == #"msg{a="back\\slash",b="say \"hi\"",c="two\nlines",d="C:\\dir"}"#)
    }

    @Test("braces, commas and hashes inside label values are plain text")
    func punctuationInValues() throws {
        let result = try parse(#"x{path="/a,b}c # d",q=""} 2"#)
        #expect(result.errors == [])
        #expect(result.samples.first?.labels == ["path": "/a,b}c # d"])
    }

    @Test("HELP unescapes \\\\ and \\n (and \\\" in OpenMetrics only)")
    func helpEscapes() throws {
        let text = try parse(#"# HELP m line one\nline \\two \"q\""# + "\nm 1\n")
        #expect(text.families.first?.help == "line one\nline \\two \\\"q\\\"")
        let om = try parse(#"# HELP m say \"hi\""# + "\nm 1\n# EOF\n", .openMetrics)
        #expect(om.families.first?.help == #"say "hi""#)
    }

    @Test("NaN, +Inf, -Inf and Go float spellings", arguments: [
        ("NaN", Double.nan), ("+Inf", .infinity), ("-Inf", -.infinity), ("Inf", .infinity), ("inf", .infinity),
        ("1e3", 1000), ("-1.5E-3", -0.0015), (".5", 0.5), ("+7", 7), ("0", 0), ("123456789012345678", 1.2345678901234568e17),
    ])
    func specialValues(token: String, expected: Double) throws {
        let result = try parse("v \(token)\n")
        #expect(result.errors == [])
        let value = try #require(result.samples.first?.value)
        #expect(expected.isNaN ? value.isNaN : value == expected)
    }

    @Test("text format timestamps are milliseconds; OpenMetrics timestamps are seconds")
    func timestamps() throws {
        let text = try parse("a 1 1700000000123\nb 2 -5000\n")
        #expect(text.samples.map(\.timestamp) == [Date(timeIntervalSince1970: 1_700_000_000.123), Date(timeIntervalSince1970: -5)])
        let om = try parse("a 1 1700000000.5\nb 2 1.7e9\n# EOF\n", .openMetrics)
        #expect(om.samples.map(\.timestamp) == [Date(timeIntervalSince1970: 1_700_000_000.5), Date(timeIntervalSince1970: 1.7e9)])
        #expect(try parse("c 3\n").samples.first?.timestamp == now)
    }

    @Test("exemplars are checked and dropped, with or without their timestamp")
    func exemplars() throws {
        let om = """
        # TYPE h histogram
        h_bucket{le="1"} 3 # {trace_id="abc"} 0.5 1700000000.25
        h_bucket{le="+Inf"} 4 1700000000 # {trace_id="def",span="x"} 7
        h_count 4
        h_sum 9
        # TYPE c counter
        c_total 5 # {} 1
        # EOF

        """
        let result = try parse(om, .openMetrics)
        #expect(result.errors == [])
        #expect(result.samples.map(\.name) == ["h_bucket", "h_bucket", "h_count", "h_sum", "c_total"])
        #expect(result.samples[1].timestamp == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(result.samples.allSatisfy { $0.labels["trace_id"] == nil })
    }

    @Test("suffixed samples join their family by type; unknown suffixes make untyped families")
    func suffixes() throws {
        let text = """
        # TYPE req counter
        req_total{code="200"} 10
        req_created{code="200"} 1.7e9
        # TYPE lat histogram
        lat_bucket{le="0.1"} 1
        lat_bucket{le="+Inf"} 2
        lat_sum 0.3
        lat_count 2
        lat_created 1.7e9
        # TYPE g gauge
        g 1
        g_count 3
        # TYPE s summary
        s{quantile="0.9"} 2
        s_sum 5
        s_count 3
        # TYPE gh gaugehistogram
        gh_bucket{le="+Inf"} 2
        gh_gcount 2
        gh_gsum 4
        # TYPE i info
        i_info{version="1"} 1
        loose 4
        # EOF

        """
        let result = try parse(text, .openMetrics)
        #expect(result.errors == [])
        #expect(result.families.map(\.name) == ["req", "lat", "g", "g_count", "s", "gh", "i", "loose"])
        #expect(result.families.map(\.sampleIndices.count) == [2, 5, 1, 1, 3, 3, 1, 1])
        #expect(result.family(named: "g_count")?.type == .unknown)
        #expect(result.family(named: "gh")?.type == .gaugeHistogram)
    }

    @Test("text format: untyped, spaces and tabs between tokens, trailing comma, CRLF, free comments")
    func lenientText() throws {
        let text = "# a free comment\r\n# TYPE u untyped\r\n  u { a = \"1\" , b=\"2\", }\t 3 \r\n\r\nv{} 4\n#no space comment\n"
        let result = try parse(text)
        #expect(result.errors == [])
        #expect(result.families.first?.type == .unknown)
        #expect(result.samples.map(\.seriesKey.rawValue) == [#"u{a="1",b="2"}"#, "v"])
    }

    @Test("one series may appear several times with increasing timestamps")
    func repeatedSeries() throws {
        let result = try parse("a 1 1000\na 2 2000\n")
        #expect(result.errors == [])
        #expect(result.samples.map(\.value) == [1, 2])
    }

    @Test("content types pick the format; OpenMetrics is preferred in Accept")
    func contentTypes() {
        #expect(ExpositionFormat(contentType: "application/openmetrics-text; version=1.0.0; charset=utf-8") == .openMetrics)
        #expect(ExpositionFormat(contentType: "text/plain; version=0.0.4; charset=utf-8") == .text)
        #expect(ExpositionFormat(contentType: nil) == .text)
        #expect(ExpositionFormat.acceptHeader.hasPrefix("application/openmetrics-text"))
    }

    @Test("metric types read from TYPE words")
    func typeWords() {
        #expect(MetricType(exposition: "untyped") == .unknown)
        #expect(MetricType(exposition: "stateset") == .stateSet)
        #expect(MetricType(exposition: "Counter") == nil)
    }
}
