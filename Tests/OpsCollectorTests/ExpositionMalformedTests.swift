import Foundation
import OpsCollector
import Testing

@Suite("Exposition parser: malformed lines are reported by number and skipped")
struct ExpositionMalformedTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func parse(_ text: String, _ format: ExpositionFormat = .text) throws -> ExpositionParseResult {
        try ExpositionParser.parse(text, format: format, now: now)
    }

    @Test("each bad line is skipped with its line number; good lines around it are kept", arguments: [
        ("bad value", "m abc", "invalid value \"abc\" for m"),
        ("no value", "m", "sample m has no value"),
        ("no value after labels", #"m{a="1"}"#, "sample m has no value"),
        ("unterminated value", #"m{a="1} 2"#, "unterminated value of label a in m"),
        ("unclosed labels", #"m{a="1" 2"#, "expected , or } after label a in m"),
        ("missing equals", #"m{a "1"} 2"#, "expected = after label a in m"),
        ("unquoted label value", "m{a=1} 2", "expected a quoted value for label a in m"),
        ("bad label name", #"m{1a="x"} 2"#, "invalid label name in m"),
        ("duplicate label", #"m{a="1",a="2"} 3"#, "duplicate label a in m"),
        ("trailing text", "m 1 2 3", "unexpected text after the value of m"),
        ("float timestamp in text format", "m 1 1.5", "invalid timestamp \"1.5\" for m"),
        ("bad metric name", "9m 1", "a sample must start with a metric name"),
        ("quoted metric name", #"{"m.x"} 1"#, "a sample must start with a metric name (quoted names are not supported)"),
        ("no space before value", #"m{a="1"}2"#, "expected a space before the value of m"),
        ("unknown type", "# TYPE m flux", "unknown metric type \"flux\" for m"),
        ("TYPE without type", "# TYPE m", "TYPE line for m has no type"),
        ("HELP without name", "# HELP", "HELP line without a valid metric name"),
        ("malformed exemplar", "m 1 # trace", "malformed exemplar after m"),
    ])
    func badLine(case name: String, line: String, message: String) throws {
        let result = try parse("before 1\n\(line)\nafter 2\n")
        #expect(result.errors == [LineError(line: 2, message: message)], "\(name)")
        #expect(result.samples.map(\.name) == ["before", "after"], "\(name)")
    }

    @Test("second TYPE, TYPE after samples, second HELP")
    func familyConflicts() throws {
        let text = "# TYPE a gauge\n# TYPE a counter\nb 1\n# TYPE b gauge\n# HELP a x\n# HELP a y\na 2\n"
        let result = try parse(text)
        #expect(result.errors == [
            LineError(line: 2, message: "second TYPE line for a"),
            LineError(line: 4, message: "TYPE line for b comes after its samples"),
            LineError(line: 6, message: "second HELP line for a"),
        ])
        #expect(result.family(named: "a")?.type == .gauge)
        #expect(result.family(named: "a")?.help == "x")
        #expect(result.samples.count == 2)
    }

    @Test("histogram buckets need a numeric le; summary quantiles need a quantile")
    func typedLabels() throws {
        let text = """
        # TYPE h histogram
        h_bucket{le="fast"} 1
        h_bucket 2
        h_bucket{le="+Inf"} 3
        # TYPE s summary
        s 4
        s{quantile="0.5"} 5

        """
        let result = try parse(text)
        #expect(result.errors.map(\.line) == [2, 3, 6])
        #expect(result.errors.first?.message == "bucket h_bucket has no numeric le label")
        #expect(result.samples.map(\.value) == [3, 5])
    }

    @Test("a repeated series without a newer timestamp is a duplicate")
    func duplicates() throws {
        let result = try parse("a{x=\"1\"} 1\na{x=\"1\"} 2\na 5 2000\na 6 1000\n")
        #expect(result.errors == [
            LineError(line: 2, message: #"duplicate sample for a{x="1"}"#),
            LineError(line: 4, message: "sample for a is older than the one before it"),
        ])
        #expect(result.samples.map(\.value) == [1, 5])
    }

    @Test("OpenMetrics: missing # EOF, text after it, free comments, bad UNIT")
    func openMetricsRules() throws {
        let missing = try parse("a 1\n", .openMetrics)
        #expect(missing.errors == [LineError(line: 2, message: "missing # EOF at the end of the OpenMetrics exposition")])
        #expect(missing.samples.count == 1)

        let after = try parse("a 1\n# EOF\n\nb 2\nc 3\n", .openMetrics)
        #expect(after.errors == [LineError(line: 4, message: "text after # EOF is ignored")])
        #expect(after.samples.map(\.name) == ["a"])

        let comments = try parse("# just talking\n# UNIT req_seconds bytes\n# UNIT lat_seconds seconds\nlat_seconds 1\n# EOF\n", .openMetrics)
        #expect(comments.errors == [
            LineError(line: 1, message: "OpenMetrics allows only HELP, TYPE, UNIT and EOF comments"),
            LineError(line: 2, message: "unit \"bytes\" is not the suffix of req_seconds"),
        ])
        #expect(comments.family(named: "lat_seconds")?.unit == "seconds")
    }

    @Test("OpenMetrics: a text-format millisecond timestamp still parses, as seconds")
    func openMetricsTimestampUnits() throws {
        let result = try parse("a 1 1700000000000\n# EOF\n", .openMetrics)
        #expect(result.samples.first?.timestamp == Date(timeIntervalSince1970: 1_700_000_000_000))
    }

    @Test("size cap: a too-large exposition is refused with a clear error")
    func sizeCap() throws {
        let parser = ExpositionParser(maxBytes: 1000)
        let text = String(repeating: "metric_with_a_long_name 1\n", count: 100)
        #expect(throws: CollectorError.tooLarge(bytes: 2600, limit: 1000)) {
            try parser.parse(text, format: .text, now: now)
        }
        #expect(CollectorError.tooLarge(bytes: 2600, limit: 1000).description
            == "The exposition is 2600 bytes, over the 1000-byte limit; it was not parsed.")
        #expect(try ExpositionParser(maxBytes: 2600).parse(text, format: .text, now: now).samples.count == 1)
    }

    @Test("garbage yields at most maxErrors errors and a count of the rest")
    func errorCap() throws {
        let garbage = String(repeating: "!!!\n", count: 500)
        let result = try ExpositionParser(maxErrors: 10).parse(garbage, format: .text, now: now)
        #expect(result.errors.count == 10)
        #expect(result.suppressedErrorCount == 490)
        #expect(result.samples.isEmpty)
    }

    @Test("empty input and binary junk do not crash")
    func junk() throws {
        #expect(try parse("").samples.isEmpty)
        let junk = String(decoding: (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 37) }, as: UTF8.self)
        let result = try parse(junk)
        #expect(result.samples.count + result.errors.count + result.suppressedErrorCount >= 0)
    }
}
