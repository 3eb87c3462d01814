import Foundation
import OpsCore
import Testing

/// flagd's targeting semantics, one row per operator and edge.
@Suite("Flag targeting logic")
struct FlagLogicTests {
    static let env = FlagLogic.Environment(flagKey: "warmup-v2", targetingKey: "user-1",
                                           attributes: ["plan": "enterprise", "email": "ops@penguinmails.com", "appVersion": "2.1.3",
                                                        "tier": ["name": "gold"]], timestamp: 1_800_000_000)

    static func parse(_ text: String) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }

    @Test("operators", arguments: [
        (#"{"==": [{"var": "plan"}, "enterprise"]}"#, "true"),
        (#"{"===": [{"var": "plan"}, "pro"]}"#, "false"),
        (#"{"!=": [{"var": "plan"}, "pro"]}"#, "true"),
        (#"{"in": [{"var": "plan"}, ["pro", "enterprise"]]}"#, "true"),
        (#"{"in": [{"var": "missing"}, ["pro"]]}"#, "false"),
        (#"{"starts_with": [{"var": "email"}, "ops@"]}"#, "true"),
        (#"{"ends_with": [{"var": "email"}, "@example.com"]}"#, "false"),
        (#"{"ends_with": [{"var": "missing"}, "@example.com"]}"#, "null"),
        (#"{"sem_ver": [{"var": "appVersion"}, ">=", "2.1.0"]}"#, "true"),
        (#"{"sem_ver": [{"var": "appVersion"}, "<", "2.1.3-beta.1"]}"#, "false"),
        (#"{"sem_ver": ["2.1.3-beta.1", "<", "2.1.3"]}"#, "true"),
        (#"{"sem_ver": ["v2", "=", "2.0.0"]}"#, "true"),
        (#"{"sem_ver": [{"var": "appVersion"}, "^", "2.9.0"]}"#, "true"),
        (#"{"sem_ver": [{"var": "appVersion"}, "~", "2.2.0"]}"#, "false"),
        (#"{"sem_ver": ["02.1.0", "=", "2.1.0"]}"#, "null"),
        (#"{"var": "$flagd.flagKey"}"#, "\"warmup-v2\""),
        (#"{"var": "$flagd.timestamp"}"#, "1800000000"),
        (#"{"var": "tier.name"}"#, "\"gold\""),
        (#"{"var": "targetingKey"}"#, "\"user-1\""),
        (#"{"if": [{"==": [{"var": "plan"}, "pro"]}, "a", {"in": [{"var": "plan"}, ["enterprise"]]}, "b", "c"]}"#, "\"b\""),
        (#"{"if": [false, "a"]}"#, "null"),
        (#"{"and": [true, {"var": "plan"}]}"#, "\"enterprise\""),
        (#"{"or": [false, 0, ""]}"#, "\"\""),
        (#"{"!": [{"var": "missing"}]}"#, "true"),
        (#"{">=": [{"var": "$flagd.timestamp"}, 1700000000]}"#, "true"),
        (#"{"fractional": [["a", 0], ["b", 1]]}"#, "\"b\""),
        (#"{"fractional": [["a", 0], ["b", 0]]}"#, "null"),
        (#"{"fractional": ["sticky-value", ["a", 0], ["b", 1]]}"#, "\"b\""),
        (#"{"fractional": [["a", "x"], ["b", 1]]}"#, "null"),
    ])
    func operators(_ logic: String, _ expected: String) throws {
        let result = try FlagLogic.apply(try Self.parse(logic), Self.env)
        #expect(result == (try Self.parse(expected)), "\(logic)")
    }

    @Test("an unknown operator is an error, not a silent null")
    func unknownOperator() throws {
        #expect(throws: FlagLogic.UnknownOperator.self) { try FlagLogic.apply(try Self.parse(#"{"nope": [1]}"#), Self.env) }
    }

    @Test("MurmurHash3 x86 32 and the CBOR bucketing key match mmh3 and cbor2")
    func hash() {
        #expect(FlagHash.murmur3(Array("".utf8)) == 0)
        #expect(FlagHash.murmur3(Array("a".utf8)) == 1_009_084_850)
        #expect(FlagHash.murmur3(Array("abcd".utf8)) == 1_139_631_978)
        #expect(FlagHash.murmur3(Array("hello world!".utf8)) == 774_705_101)
        let key = FlagHash.cbor(strings: ["flag", "user-1"])
        #expect(key == [130, 100, 102, 108, 97, 103, 102, 117, 115, 101, 114, 45, 49])
        #expect(FlagHash.murmur3(key) == 1_204_790_219)
    }

    @Test("rules and rollout steps: bad input is one sentence naming the field")
    func validation() throws {
        #expect(throws: OpsError.self) { try FlagValidation.rule("plan=enterprise") }
        #expect(throws: OpsError.self) { try FlagValidation.rule("appVersion>=banana -> on") }
        #expect(throws: OpsError.self) { try FlagValidation.key("Bad Key") }
        #expect(throws: OpsError.self) { try FlagValidation.variant("on=maybe", kind: .boolean) }
        let rule = try FlagValidation.rule("plan=enterprise|pro, email$=@penguinmails.com, appVersion~2.1 -> on")
        #expect(rule.clauses.map(\.text) == ["plan=enterprise|pro", "email$=@penguinmails.com", "appVersion~2.1"])
        #expect(FlagValidation.nextStep(after: nil) == 1)
        #expect(FlagValidation.nextStep(after: 5) == 25)
        #expect(FlagValidation.nextStep(after: 100) == nil)
        var flag = FeatureFlag(key: "x", kind: .boolean, variants: ["on": true, "off": false], defaultVariant: "off", owner: "ana")
        flag.rollout = FlagRollout(variant: "on", percent: 30)
        #expect(throws: OpsError.self) { try FlagValidation.check(flag) }
        flag.rollout = FlagRollout(variant: "maybe", percent: 25)
        #expect(throws: OpsError.self) { try FlagValidation.check(flag) }
    }

    @Test("a killed flag serves the default; a disabled one defers to the caller")
    func killAndDisable() {
        var flag = FeatureFlag(key: "k", kind: .boolean, variants: ["on": true, "off": false], defaultVariant: "off",
                               rules: [FlagRule(clauses: [FlagClause(attribute: "plan", op: .oneOf, values: ["pro"])], variant: "on")],
                               rollout: FlagRollout(variant: "on", percent: 100), owner: "ana")
        #expect(CompiledFlag(flag).evaluate(targetingKey: "u", context: [:], timestamp: 0).variant == "on")
        flag.killed = true
        #expect(CompiledFlag(flag).evaluate(targetingKey: "u", context: ["plan": "pro"], timestamp: 0) ==
            FlagEvaluation(variant: "off", value: false, reason: .staticValue))
        flag.state = .disabled
        #expect(CompiledFlag(flag).evaluate(targetingKey: "u", context: [:], timestamp: 0).reason == .disabled)
    }
}
