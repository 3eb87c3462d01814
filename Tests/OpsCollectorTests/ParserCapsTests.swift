import Foundation
import OpsCollector
import OpsCore
import Testing

/// The caps Docs/FUZZING.md lists, each enforced where the parser reads: past one, the
/// input (or the line, or the sample) is refused with a sentence naming the cap.
@Suite("Parser caps")
struct ParserCapsTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("exposition: a line over maxLineBytes is skipped with its line number, the rest is kept")
    func expositionLine() throws {
        let long = "big{a=\"" + String(repeating: "x", count: 200) + "\"} 1"
        let result = try ExpositionParser(maxLineBytes: 100).parse("small 1\n\(long)\nother 2\n", format: .text, now: now)
        #expect(result.samples.map(\.name) == ["small", "other"])
        #expect(result.errors == [LineError(line: 2, message: "the line is \(long.utf8.count) bytes, over the 100-byte limit for one line")])
    }

    @Test("exposition: samples past maxSamples and samples with more than maxLabels labels are dropped, counted")
    func expositionSamplesAndLabels() throws {
        let text = (0..<10).map { "s\($0) 1" }.joined(separator: "\n") + "\nwide{a=\"1\",b=\"2\",c=\"3\"} 1\n"
        let capped = try ExpositionParser(maxSamples: 4).parse(text, format: .text, now: now)
        #expect(capped.samples.count == 4)
        #expect(capped.errors.count == 7)
        #expect(capped.errors.first == LineError(line: 5, message: "over the limit of 4 samples in one exposition; the sample is dropped"))
        let narrow = try ExpositionParser(maxLabels: 2).parse(text, format: .text, now: now)
        #expect(narrow.samples.count == 10)
        #expect(narrow.errors == [LineError(line: 11, message: "wide has 3 labels, over the limit of 2")])
        #expect(try ExpositionParser().parse(text, format: .text, now: now).samples.count == 11)
    }

    @Test("rules, collector config and routing files over 1 MiB are refused whole, naming the size")
    func fileSizes() {
        let padding = String(repeating: "#\n", count: 524_289)
        let rules = RuleSet.parse(text: padding, source: "big.rules")
        #expect(rules.ruleSet == nil)
        #expect(rules.errors.map(\.message) == ["the file is 1048578 bytes, over the 1048576-byte limit for a rules file"])
        #expect(RuleSet.parse(text: String(padding.dropFirst(2)), source: "ok.rules").isValid)
        #expect(throws: CollectorConfigError([ConfigDiagnostic(source: "big.conf", line: 0,
                                                               message: "the collector config is 1048578 bytes, over the 1048576-byte limit")])) {
            try CollectorConfig.parse(padding, source: "big.conf")
        }
        #expect((try? CollectorConfig.parse(String(padding.dropFirst(2)))) != nil)
        #expect(throws: OpsError.invalid(field: "big", message: "the file is 1048578 bytes, over the 1048576-byte limit for a routing file.")) {
            try AlertRouting.parse(padding, file: "big")
        }
        #expect((try? AlertRouting.parse(String(padding.dropFirst(2)))) != nil)
    }

    @Test("a matcher list holds at most maxListCount matchers")
    func matcherList() throws {
        let list = (0...LabelMatcher.maxListCount).map { "l\($0)=v" }
        #expect(try LabelMatcher.parseList(list.dropLast().joined(separator: ",")).count == LabelMatcher.maxListCount)
        #expect(throws: OpsError.invalid(field: "matcher", message: "65 matchers is over the limit of 64 in one list.")) {
            try LabelMatcher.parseList(list.joined(separator: ","))
        }
    }
}
