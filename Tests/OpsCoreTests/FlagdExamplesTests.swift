import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// flagd's own example files read by `FlagdDocument` and evaluated by `FlagLogic`, against
/// the OpenFeature flagd provider on the same file; flagd's invalid samples are refused.
@Suite("flagd's example and invalid files")
struct FlagdExamplesTests {
    static let examples = "/work/shared/data/flagd/examples"
    static let invalid = "/work/shared/data/flagd/invalid"

    @Test("the cheat sheet parses; files using shared $evaluators ($ref) are refused by name; every invalid sample is refused")
    func parseAndRefuse() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.examples).sorted() {
            let data = try Data(contentsOf: URL(fileURLWithPath: Self.examples + "/" + name))
            if String(decoding: data, as: UTF8.self).contains("\"$ref\"") {
                #expect(throws: OpsError.invalid(field: "flagd", message: "Flag 'fibAlgo' uses the operator '$ref', which pmops does not evaluate."), "\(name)") {
                    _ = try FlagdDocument.parse(data)
                }
            } else {
                #expect(throws: Never.self, "\(name)") { _ = try FlagdDocument.parse(data) }
            }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.invalid).sorted()
        #expect(names.count == 6)
        for name in names {
            let data = try Data(contentsOf: URL(fileURLWithPath: Self.invalid + "/" + name))
            #expect(throws: OpsError.self, "\(name) must be refused") { _ = try FlagdDocument.parse(data) }
        }
    }

    @Test("the cheat sheet's flags: 400 seeded contexts evaluate as the flagd provider evaluates them")
    func cheatSheetAgrees() throws {
        let file = Self.examples + "/cheat-sheet-flags.json"
        let flags = try FlagdDocument.parse(try Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(flags.count == 9)
        var random = FlagdOracleTests.Seeded(state: 9)
        var cases: [JSONValue] = []
        var ours: [FlagEvaluation] = []
        var types: [String] = []
        for _ in 0..<400 {
            let flag = random.pick(flags)
            let type: String = switch flag.variants.values.first {
            case .bool?: "boolean"
            case .int?: "integer"
            case .object?: "object"
            default: "string"
            }
            var context: [String: JSONValue] = [:]
            if random.chance(80) { context["tier"] = .string(random.pick(["basic", "premium", "enterprise", "Enterprise", ""])) }
            if random.chance(80) { context["email"] = .string(random.pick(["a@example.com", "b@example.org", "example.com", "@example.com"])) }
            if random.chance(80) { context["region"] = .string(random.pick(["us", "usa", "eu", "de", "fr", "apac", "EU"])) }
            let key: String? = random.chance(70) ? "user-\(random.next() % 1_000)" : nil
            cases.append(["flag": .string(flag.key), "type": .string(type), "targetingKey": .optional(key), "context": .object(context)])
            ours.append(CompiledFlag(flag).evaluate(targetingKey: key, context: context, timestamp: 1_800_000_000))
            types.append(type)
        }
        let script = try RepoFiles.root() + "/Scripts/flagd-oracle.py"
        let result = try ChildProcess.run("/usr/bin/env", ["python3", script, "eval", file], stdin: Data(JSONValue.array(cases).canonical.utf8), timeout: 300)
        try #require(result.status == 0, "the OpenFeature flagd provider must be installed (Scripts/ensure-deps.sh): \(result)")
        let theirs = try JSONDecoder().decode([FlagdOracleTests.Outcome].self, from: Data(result.stdout.utf8))
        try #require(theirs.count == ours.count)
        var disagreements: [String] = []
        for (i, (mine, other)) in zip(ours, theirs).enumerated() {
            let codeDefault: JSONValue = switch types[i] {
            case "boolean": false
            case "integer": 0
            case "object": [:]
            default: ""
            }
            let value = mine.value ?? codeDefault
            if mine.variant != other.variant || value != other.value || mine.reason.rawValue != other.reason {
                disagreements.append("case \(i) \(cases[i].canonical): flagd \(other.variant ?? "-") \(other.value?.canonical ?? "nil") \(other.reason), pmops \(mine.variant ?? "-") \(value.canonical) \(mine.reason.rawValue)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(disagreements.prefix(10).joined(separator: "\n"))")
        #expect(Set(ours.map(\.reason)) == [.staticValue, .targetingMatch, .defaultValue])
    }
}
