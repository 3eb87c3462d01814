import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// pmops's flag evaluator (the code behind `pmops flags eval`) against the real OpenFeature
/// Python SDK with the flagd provider in file mode (Scripts/flagd-oracle.py; PyPI packages
/// pinned in Scripts/ensure-deps.sh). Fails, never skips, when they are missing.
@Suite("flagd export against the OpenFeature flagd provider")
struct FlagdOracleTests {
    struct Outcome: Decodable { var value: JSONValue?; var variant: String?; var reason: String }

    /// A seeded SplitMix64, so a failure replays.
    struct Seeded {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
    }

    static func rule(_ text: String) -> FlagRule {
        (try? FlagValidation.rule(text)) ?? FlagRule(clauses: [], variant: "invalid")
    }

    static func bool(_ key: String, rules: [String] = [], rollout: Int? = nil, state: FeatureFlag.State = .enabled, killed: Bool = false,
                     defaultVariant: String = "off") -> FeatureFlag {
        FeatureFlag(key: key, kind: .boolean, variants: ["on": true, "off": false], defaultVariant: defaultVariant, state: state,
                    rules: rules.map(rule), rollout: rollout.map { FlagRollout(variant: "on", percent: $0) }, killed: killed, owner: "ana")
    }

    /// Thirty flags covering every clause, rollout step, kill, disable and variant type.
    static let flags: [FeatureFlag] = {
        let strings: [String: JSONValue] = ["v1": "parser-v1", "v2": "parser-v2", "v3": "parser-v3"]
        let numbers: [String: JSONValue] = ["low": 50, "mid": 500, "high": 5000]
        let objects: [String: JSONValue] = ["slow": ["steps": 30, "start": 20], "fast": ["steps": 14, "start": 50], "eu": ["steps": 21, "start": 20, "region": "eu"]]
        func string(_ key: String, _ rules: [String], rollout: FlagRollout? = nil, state: FeatureFlag.State = .enabled) -> FeatureFlag {
            FeatureFlag(key: key, kind: .string, variants: strings, defaultVariant: "v1", state: state, rules: rules.map(rule), rollout: rollout, owner: "ana")
        }
        return [
            bool("static-on", defaultVariant: "on"), bool("static-off"), bool("disabled", rules: ["plan=pro -> on"], state: .disabled),
            bool("rollout-1", rollout: 1), bool("rollout-5", rollout: 5), bool("rollout-25", rollout: 25), bool("rollout-50", rollout: 50),
            bool("rollout-100", rollout: 100), bool("killed", rules: ["plan=enterprise -> on"], killed: true),
            string("dmarc-parser", ["plan=enterprise -> v2"]),
            string("dmarc-parser-in", ["plan=enterprise|pro -> v2"]),
            string("tenant-region", ["tenant=t-1|t-2|t-3,region=eu -> v3", "tenant=t-4 -> v2"]),
            bool("staff-only", rules: ["email$=@penguinmails.com -> on"]),
            bool("ops-prefix", rules: ["email^=ops -> on"]),
            bool("version-min", rules: ["appVersion>=2.1.0 -> on"]),
            bool("version-below", rules: ["appVersion<2.0.0 -> on"]),
            bool("version-major", rules: ["appVersion^2.0.0 -> on"]),
            bool("version-minor", rules: ["appVersion~2.1.0 -> on"]),
            FeatureFlag(key: "send-limit", kind: .number, variants: numbers, defaultVariant: "mid", rules: [rule("plan=free -> low")],
                        rollout: FlagRollout(variant: "high", percent: 25), owner: "ana"),
            FeatureFlag(key: "warmup-schedule", kind: .object, variants: objects, defaultVariant: "slow", rules: [rule("region=eu|uk -> eu")],
                        rollout: FlagRollout(variant: "fast", percent: 50), owner: "ana"),
            bool("rules-then-all", rules: ["plan=free -> off", "region=apac -> off"], rollout: 100, defaultVariant: "off"),
            bool("twenty-rules", rules: (1...20).map { "tenant=t-\($0 % 9),region=\(["us", "eu", "uk", "apac"][$0 % 4]) -> \($0 % 2 == 0 ? "on" : "off")" }),
            string("string-rollout", [], rollout: FlagRollout(variant: "v3", percent: 5)),
            bool("rule-serves-default", rules: ["plan=pro -> off", "plan=pro|enterprise -> on"]),
            FeatureFlag(key: "send-limit-static", kind: .number, variants: numbers, defaultVariant: "high", owner: "ana"),
            FeatureFlag(key: "warmup-static", kind: .object, variants: objects, defaultVariant: "fast", owner: "ana"),
            string("layered", ["region=eu|uk,plan=enterprise -> v3", "tenant=t-1 -> v2"], rollout: FlagRollout(variant: "v2", percent: 25)),
            string("disabled-string", ["plan=pro -> v2"], state: .disabled),
            bool("rules-and-1", rules: ["plan=enterprise,appVersion>=2.1.0 -> on"], rollout: 1),
            bool("internal-keys", rules: ["targetingKey^=internal- -> on"]),
        ]
    }()

    static func type(_ kind: FeatureFlag.Kind) -> String {
        switch kind {
        case .boolean: "boolean"
        case .string: "string"
        case .number: "integer"
        case .object: "object"
        }
    }

    @Test("1,000 seeded contexts: pmops and the flagd provider agree on value, variant and reason")
    func agreesWithFlagdProvider() throws {
        for flag in Self.flags { try FlagValidation.check(flag) }
        #expect(Self.flags.count == 30)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flagd-oracle-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("flags.flagd.json").path
        try FlagdExport.text(Self.flags).write(toFile: file, atomically: true, encoding: .utf8)

        var random = Seeded(state: 17)
        var cases: [JSONValue] = []
        var ours: [FlagEvaluation] = []
        var kinds: [FeatureFlag.Kind] = []
        for _ in 0..<1_000 {
            let flag = random.pick(Self.flags)
            var context: [String: JSONValue] = [:]
            if random.chance(85) { context["tenant"] = .string("t-\(random.next() % 9)") }
            if random.chance(85) { context["plan"] = .string(random.pick(["free", "starter", "pro", "enterprise"])) }
            if random.chance(85) { context["region"] = .string(random.pick(["us", "eu", "uk", "apac"])) }
            if random.chance(80) { context["email"] = .string(random.pick(["ana@penguinmails.com", "ops-bot@example.com", "opsy@penguinmails.com.evil", "x@y.z", ""])) }
            if random.chance(85) {
                context["appVersion"] = .string(random.pick(["1.9.9", "2.0.0", "2.1.0", "2.1.5", "2.2.0-beta.1", "2.1.0-rc.1", "3.0.0", "v2.1.3", "2", "2.1", "garbage", "2.1.0+build.5", "02.1.0"]))
            }
            let key: String? = random.chance(90) ? random.pick(["user-", "internal-", "tenant-"]) + String(random.next() % 100_000) : (random.chance(50) ? "" : nil)
            cases.append(["flag": .string(flag.key), "type": .string(Self.type(flag.kind)), "targetingKey": .optional(key), "context": .object(context)])
            kinds.append(flag.kind)
            ours.append(CompiledFlag(flag).evaluate(targetingKey: key, context: context, timestamp: 1_800_000_000))
        }

        let script = try RepoFiles.root() + "/Scripts/flagd-oracle.py"
        let result = try ChildProcess.run("/usr/bin/env", ["python3", script, "eval", file], stdin: Data(JSONValue.array(cases).canonical.utf8), timeout: 300)
        try #require(result.status == 0, "the OpenFeature flagd provider must be installed (Scripts/ensure-deps.sh): \(result)")
        let theirs = try JSONDecoder().decode([Outcome].self, from: Data(result.stdout.utf8))
        try #require(theirs.count == ours.count)
        var disagreements: [String] = []
        for (i, (mine, other)) in zip(ours, theirs).enumerated() {
            let codeDefault: JSONValue = switch kinds[i] {
            case .boolean: false
            case .string: ""
            case .number: 0
            case .object: [:]
            }
            let value = mine.value ?? codeDefault
            if mine.variant != other.variant || value != other.value || mine.reason.rawValue != other.reason {
                disagreements.append("case \(i) \(cases[i].canonical): flagd \(other.variant ?? "-") \(other.value?.canonical ?? "nil") \(other.reason), pmops \(mine.variant ?? "-") \(value.canonical) \(mine.reason.rawValue)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(disagreements.prefix(10).joined(separator: "\n"))")
        let reasons = Set(ours.map(\.reason))
        #expect(reasons == [.staticValue, .targetingMatch, .defaultValue, .disabled], "every outcome was exercised")
    }

    @Test("the export is valid against flagd's published schema; the invalid samples are not")
    func schema() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flagd-schema-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("flags.flagd.json").path
        try FlagdExport.text(Self.flags).write(toFile: file, atomically: true, encoding: .utf8)
        let script = try RepoFiles.root() + "/Scripts/flagd-oracle.py"
        let schema = "/work/shared/data/flagd/schema"
        let ok = try ChildProcess.run("/usr/bin/env", ["python3", script, "validate", file, schema], timeout: 120)
        #expect(ok.status == 0 && ok.stdout.hasPrefix("valid"), "\(ok)")
        let invalid = "/work/shared/data/flagd/invalid"
        for name in try FileManager.default.contentsOfDirectory(atPath: invalid).sorted() {
            let bad = try ChildProcess.run("/usr/bin/env", ["python3", script, "validate", invalid + "/" + name, schema], timeout: 120)
            #expect(bad.status == 1, "\(name) must be refused by the schema check")
        }
    }
}
