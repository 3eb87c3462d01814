import Foundation

/// The stored and `--json` form of a flag's definition (variants, default, rules, rollout).
extension FeatureFlag {
    public var definitionJSON: JSONValue {
        var fields: [String: JSONValue] = [
            "key": .string(key), "kind": .string(kind.rawValue), "state": .string(state.rawValue),
            "variants": .object(variants), "defaultVariant": .string(defaultVariant), "killed": .bool(killed),
            "owner": .string(owner), "description": .string(description),
            "rules": .array(rules.map { rule in
                ["variant": .string(rule.variant),
                 "when": .array(rule.clauses.map { ["attribute": .string($0.attribute), "op": .string($0.op.rawValue),
                                                    "values": .array($0.values.map(JSONValue.string))] })]
            }),
        ]
        if let rollout { fields["rollout"] = ["variant": .string(rollout.variant), "percent": .int(Int64(rollout.percent))] }
        return .object(fields)
    }

    /// Reads `definitionJSON` back; nil when the text is not one (a tampered store).
    public init?(definition: JSONValue) {
        guard case let .object(f) = definition, case let .string(key)? = f["key"], case let .string(k)? = f["kind"],
              let kind = Kind(rawValue: k), case let .string(s)? = f["state"], let state = State(rawValue: s),
              case let .object(variants)? = f["variants"], case let .string(def)? = f["defaultVariant"],
              case let .array(rawRules)? = f["rules"] else { return nil }
        var rules: [FlagRule] = []
        for raw in rawRules {
            guard case let .object(r) = raw, case let .string(variant)? = r["variant"], case let .array(when)? = r["when"] else { return nil }
            var clauses: [FlagClause] = []
            for c in when {
                guard case let .object(cf) = c, case let .string(attr)? = cf["attribute"], case let .string(o)? = cf["op"],
                      let op = FlagClause.Op(rawValue: o), case let .array(vals)? = cf["values"] else { return nil }
                clauses.append(FlagClause(attribute: attr, op: op, values: vals.compactMap { if case let .string(v) = $0 { v } else { nil } }))
            }
            rules.append(FlagRule(clauses: clauses, variant: variant))
        }
        var rollout: FlagRollout?
        if case let .object(ro)? = f["rollout"], case let .string(v)? = ro["variant"], case let .int(p)? = ro["percent"] {
            rollout = FlagRollout(variant: v, percent: Int(p))
        }
        var owner = "", description = ""
        if case let .string(o)? = f["owner"] { owner = o }
        if case let .string(d)? = f["description"] { description = d }
        let killed = f["killed"] == .bool(true)
        self.init(key: key, kind: kind, variants: variants, defaultVariant: def, state: state, rules: rules, rollout: rollout,
                  killed: killed, owner: owner, description: description)
    }

    public init?(definitionText: String) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(definitionText.utf8)) else { return nil }
        self.init(definition: value)
    }
}
