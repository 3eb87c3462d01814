import Foundation

/// pmops flags as flagd's flag definition document (https://flagd.dev/schema/v0/flags.json).
/// The targeting written here is the targeting pmops itself evaluates: `FlagEvaluator`
/// runs `targeting(_:)` through `FlagLogic`, so an OpenFeature client reading the file and
/// `pmops flags eval` cannot disagree by construction of the rules.
public enum FlagdExport {
    public static let schemaURL = "https://flagd.dev/schema/v0/flags.json"

    public static func condition(_ clause: FlagClause) -> JSONValue {
        let subject: JSONValue = ["var": .string(clause.attribute)]
        let first = JSONValue.string(clause.values.first ?? "")
        switch clause.op {
        case .oneOf:
            if clause.values.count == 1 { return ["==": [subject, first]] }
            return ["in": [subject, .array(clause.values.map(JSONValue.string))]]
        case .startsWith: return ["starts_with": [subject, first]]
        case .endsWith: return ["ends_with": [subject, first]]
        case .versionAtLeast: return ["sem_ver": [subject, ">=", first]]
        case .versionBelow: return ["sem_ver": [subject, "<", first]]
        case .versionSameMajor: return ["sem_ver": [subject, "^", first]]
        case .versionSameMinor: return ["sem_ver": [subject, "~", first]]
        }
    }

    public static func condition(_ rule: FlagRule) -> JSONValue {
        rule.clauses.count == 1 ? condition(rule.clauses[0]) : ["and": .array(rule.clauses.map(condition))]
    }

    /// The rollout's share, sticky by `[flagKey, targetingKey]` (flagd's default bucketing).
    public static func rolloutExpression(_ flag: FeatureFlag) -> JSONValue? {
        guard let rollout = flag.rollout, rollout.percent > 0 else { return nil }
        if rollout.percent >= 100 { return .string(rollout.variant) }
        return ["fractional": [[.string(rollout.variant), .int(Int64(rollout.percent))],
                               [.string(flag.defaultVariant), .int(Int64(100 - rollout.percent))]]]
    }

    /// The flag's JSONLogic, or nil when everyone gets the default (no rules, no rollout, or killed).
    public static func targeting(_ flag: FeatureFlag) -> JSONValue? {
        if flag.killed { return nil }
        let tail = rolloutExpression(flag)
        if flag.rules.isEmpty {
            guard let tail else { return nil }
            if case .string = tail { return ["if": [true, tail]] }
            return tail
        }
        var args: [JSONValue] = []
        for rule in flag.rules { args += [condition(rule), .string(rule.variant)] }
        if let tail { args.append(tail) }
        return ["if": .array(args)]
    }

    public static func flagJSON(_ flag: FeatureFlag) -> JSONValue {
        var fields: [String: JSONValue] = [
            "state": .string(flag.state.rawValue), "variants": .object(flag.variants),
            "defaultVariant": .string(flag.defaultVariant),
            "metadata": .object(["owner": .string(flag.owner), "description": .string(flag.description)]),
        ]
        if let targeting = targeting(flag) { fields["targeting"] = targeting }
        return .object(fields)
    }

    public static func document(_ flags: [FeatureFlag], flagSetId: String = "penguinmails") -> JSONValue {
        .object(["$schema": .string(schemaURL), "flags": .object(Dictionary(flags.map { ($0.key, flagJSON($0)) }, uniquingKeysWith: { a, _ in a })),
                 "metadata": ["flagSetId": .string(flagSetId)]])
    }

    /// The document's text: `document(flags).canonical + "\n"`, written by `bytes(_:)`.
    public static func text(_ flags: [FeatureFlag]) -> String { String(decoding: bytes(flags), as: UTF8.self) }
}
