import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops flags …`: feature flags with targeting and staged rollouts, exported as flagd's
/// flag definition file that OpenFeature clients read.
struct FlagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flags", abstract: "Feature flags: targeting, staged rollouts, kill switch, flagd export.",
        subcommands: [List.self, Show.self, Create.self, Set.self, Rollout.self, Kill.self, Eval.self, Export.self, Stale.self])

    static func json(_ stored: StoredFlag) -> JSONValue {
        guard case var .object(fields) = stored.flag.definitionJSON else { return .null }
        fields["version"] = .int(Int64(stored.version))
        fields["rolloutAt"] = .optional(stored.rolloutAt.map(Timestamp.format))
        fields["lastEvaluatedAt"] = .optional(stored.lastEvaluatedAt.map(Timestamp.format))
        fields["updatedAt"] = .string(Timestamp.format(stored.updatedAt))
        return .object(fields)
    }

    static func rolloutText(_ flag: FeatureFlag) -> String {
        if flag.killed { return "killed" }
        return flag.rollout.map { "\($0.variant) \($0.percent) %" } ?? "-"
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every flag with its state, default, rules and rollout.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: JSONOutput
        func run() throws {
            let rows = try store.open().flags(as: store.actor)
            if output.json { return try CLI.printJSON(JSONValue.array(rows.map(FlagsCommand.json))) }
            CLI.printTable(["KEY", "KIND", "STATE", "DEFAULT", "RULES", "ROLLOUT", "OWNER", "VERSION"], rows.map { s in
                [s.flag.key, s.flag.kind.rawValue, s.flag.state.rawValue, s.flag.defaultVariant, String(s.flag.rules.count),
                 FlagsCommand.rolloutText(s.flag), s.flag.owner, String(s.version)]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One flag: variants, rules in order, rollout and history.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The flag key.") var flag: String
        @OptionGroup var output: JSONOutput
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try FlagValidation.key(flag) } }
        func run() throws {
            let db = try store.open()
            let stored = try db.flag(flag, as: store.actor)
            let history = try db.flagHistory(flag, as: store.actor)
            if output.json {
                guard case var .object(fields) = FlagsCommand.json(stored) else { return }
                fields["history"] = .array(history.map { ["version": .int(Int64($0.version)), "action": .string($0.action), "by": .string($0.by),
                                                          "at": .string(Timestamp.format($0.at))] })
                return try CLI.printJSON(JSONValue.object(fields))
            }
            let f = stored.flag
            print("\(f.key) (\(f.kind.rawValue), \(f.state.rawValue), version \(stored.version), owner \(CLI.safe(f.owner)))")
            if !f.description.isEmpty { print("  \(CLI.safe(f.description))") }
            for (name, value) in f.variants.sorted(by: { $0.key < $1.key }) {
                print("  variant \(name) = \(CLI.safe(value.canonical))\(name == f.defaultVariant ? "  (default)" : "")")
            }
            for (i, rule) in f.rules.enumerated() {
                print("  rule \(i + 1): \(CLI.safe(rule.clauses.map(\.text).joined(separator: ","))) -> \(rule.variant)")
            }
            print("  rollout: \(FlagsCommand.rolloutText(f))\(stored.rolloutAt.map { " since " + Timestamp.format($0) } ?? "")")
            if let gate = try db.flagGates(flag, limit: 1, as: store.actor).first { print("  \(CLI.safe(gate.summary))") }
            for v in history { print("  v\(v.version) \(v.action) by \(v.by) at \(Timestamp.format(v.at))") }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a flag (boolean flags get on=true/off=false unless variants are given).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The flag key (a-z, 0-9, '-', '_', '.').") var flag: String
        @Option(help: "boolean, string, number or object.") var kind = "boolean"
        @Option(name: .customLong("variant"), help: "A variant as name=value (repeat).") var variants: [String] = []
        @Option(name: .customLong("default"), help: "The default variant (boolean: off).") var defaultVariant: String?
        @Option(name: .customLong("rule"), help: "A targeting rule, in order: 'plan=enterprise|pro,region=eu -> on' (repeat).") var rules: [String] = []
        @Option(help: "The owner reminded when the flag is stale (default: you).") var owner: String?
        @Option(help: "What the flag is for.") var description = ""
        @OptionGroup var output: JSONOutput

        func build(owner fallback: String) throws(OpsError) -> FeatureFlag {
            guard let kind = FeatureFlag.Kind(rawValue: kind.lowercased()) else {
                throw .invalid(field: "kind", message: "\(Printable.excerpt(self.kind)) is not a flag kind; kinds are boolean, string, number, object.")
            }
            var table: [String: JSONValue] = [:]
            for raw in variants {
                let (name, value) = try FlagValidation.variant(raw, kind: kind)
                table[name] = value
            }
            if table.isEmpty, kind == .boolean { table = ["on": true, "off": false] }
            guard let def = defaultVariant ?? (kind == .boolean && table["off"] != nil ? "off" : nil) else {
                throw .invalid(field: "default", message: "A \(kind.rawValue) flag needs --default naming one of its variants.")
            }
            var parsed: [FlagRule] = []
            for rule in rules { parsed.append(try FlagValidation.rule(rule)) }
            guard description.utf8.count <= 500 else { throw .invalid(field: "description", message: "A description is at most 500 characters.") }
            let flag = FeatureFlag(key: try FlagValidation.key(self.flag), kind: kind, variants: table, defaultVariant: def, rules: parsed,
                                   owner: owner ?? fallback, description: description)
            try FlagValidation.check(flag)
            return flag
        }

        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try build(owner: "owner") } }

        func run() throws {
            let stored = try store.open().createFlag(try build(owner: store.actor.effectiveLogin), as: store.actor)
            if output.json { return try CLI.printJSON(FlagsCommand.json(stored)) }
            print("Created flag \(stored.flag.key) (\(stored.flag.kind.rawValue), default \(stored.flag.defaultVariant)).")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a flag's state, default, variants or targeting rules.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The flag key.") var flag: String
        @Option(help: "enabled or disabled (disabled: clients use their code default).") var state: String?
        @Option(name: .customLong("default"), help: "The default variant.") var defaultVariant: String?
        @Option(name: .customLong("variant"), help: "Add or replace a variant as name=value (repeat).") var variants: [String] = []
        @Option(name: .customLong("rule"), help: "Replace the rules with these, in order (repeat).") var rules: [String] = []
        @Flag(help: "Remove every targeting rule.") var clearRules = false
        @Flag(help: "Lift a kill: rules apply again (the rollout restarts with 'flags rollout --to 1').") var revive = false
        @Option(help: "The owner.") var owner: String?
        @Option(help: "What the flag is for.") var description: String?
        @OptionGroup var output: JSONOutput

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                _ = try FlagValidation.key(flag)
                if let state, FeatureFlag.State(rawValue: state.uppercased()) == nil {
                    throw .invalid(field: "state", message: "\(Printable.excerpt(state)) is not a state; use enabled or disabled.")
                }
                for rule in rules { _ = try FlagValidation.rule(rule) }
                if clearRules, !rules.isEmpty { throw .invalid(field: "rule", message: "Use --rule or --clear-rules, not both.") }
            }
        }

        func run() throws {
            let stored = try store.open().updateFlag(flag, action: "set", as: store.actor) { (current) throws(OpsError) -> FeatureFlag in
                var f = current.flag
                if let state { f.state = FeatureFlag.State(rawValue: state.uppercased()) ?? f.state }
                for raw in variants {
                    let (name, value) = try FlagValidation.variant(raw, kind: f.kind)
                    f.variants[name] = value
                }
                if let defaultVariant { f.defaultVariant = defaultVariant }
                if clearRules { f.rules = [] }
                if !rules.isEmpty {
                    var parsed: [FlagRule] = []
                    for rule in rules { parsed.append(try FlagValidation.rule(rule)) }
                    f.rules = parsed
                }
                if revive { f.killed = false }
                if let owner { f.owner = owner }
                if let description { f.description = description }
                return f
            }
            if output.json { return try CLI.printJSON(FlagsCommand.json(stored)) }
            print("Flag \(stored.flag.key) is now version \(stored.version).")
        }
    }
}
