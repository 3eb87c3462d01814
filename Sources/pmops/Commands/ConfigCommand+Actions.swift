import ArgumentParser
import Foundation
import OpsCore
import OpsStore

extension ConfigCommand {
    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply a change set to staging (once approved) or production (once staging is verified); the rules are checked again first.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The change set id.") var id: Int64
        @Option(help: "staging or production.") var env: String
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(Int(clamping: id), field: "id", in: 1...Int(Int32.max))
                _ = try ConfigEnvironment.parse(env)
            }
        }
        func run() throws {
            let set = try store.open(requiring: .configPropose).applyConfigChange(id, to: try ConfigEnvironment.parse(env), as: store.actor)
            if output.json { return try CLI.printJSON(ChangeSetJSON(set, history: nil)) }
            print("Applied change set \(set.id) to \(env.lowercased()).")
            ConfigText.printNext(set)
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "With a change set id and --env: mark that environment verified. With a file: check a deployed export against a revision (exit 1 when it differs).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "A change set id, or the path of an exported file (write ./12 for a file named 12).") var target: String
        @Option(help: "With an id: the environment verified.") var env: String?
        @Option(help: "With an id: what was checked.") var note: String?
        @Option(help: "With a file: the revision to compare with (default: the one the file names).") var revision: Int?
        @OptionGroup var output: JSONOutput

        var changeSetID: Int64? { target.allSatisfy(\.isNumber) && target.count <= 12 ? Int64(target) : nil }

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                if let id = changeSetID {
                    try InputLimits.count(Int(clamping: id), field: "id", in: 1...Int(Int32.max))
                    guard let env else { throw OpsError.invalid(field: "env", message: "name the environment verified: --env staging or --env production.") }
                    _ = try ConfigEnvironment.parse(env)
                    if revision != nil { throw OpsError.invalid(field: "revision", message: "--revision goes with a file, not a change set id.") }
                } else {
                    if let revision { try InputLimits.count(revision, field: "revision", in: 0...Int(Int32.max)) }
                    if env != nil || note != nil { throw OpsError.invalid(field: "env", message: "--env and --note go with a change set id; a file names its environment.") }
                }
            }
        }

        func run() throws {
            let db = try store.open(requiring: changeSetID == nil ? .changesRead : .configPropose)
            if let id = changeSetID {
                let set = try db.verifyConfigChange(id, env: try ConfigEnvironment.parse(env ?? ""), note: note, as: store.actor)
                if output.json { return try CLI.printJSON(ChangeSetJSON(set, history: nil)) }
                print("Change set \(set.id) verified in \(set.status == .productionVerified ? "production" : "staging").")
                return ConfigText.printNext(set)
            }
            let file = try ConfigFile.read(target)
            let snapshot = try db.configSnapshot(file.environment, revision: revision ?? file.revision, as: store.actor)
            let report = ConfigFile.compare(file, with: snapshot)
            if output.json { try CLI.printJSON(report) } else { print(report.sentence) }
            if !report.matches { throw ExitCode(1) }
        }
    }

    struct Rollback: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft the change set that undoes a change set (ID), or sets one key back to an earlier version (--key --env --to-version); it is reviewed and applied like any other.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The change set to roll back.") var id: Int64?
        @Option(help: "Roll back this key instead.") var key: String?
        @Option(help: "With --key: staging or production.") var env: String?
        @Option(name: .customLong("to-version"), help: "With --key: the version to go back to (0: the default).") var toVersion: Int?
        @Option(help: "Why (required).") var rationale: String
        @OptionGroup var output: JSONOutput

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                if rationale.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw OpsError.invalid(field: "rationale", message: "a rollback needs a rationale: what went wrong.")
                }
                if let id {
                    try InputLimits.count(Int(clamping: id), field: "id", in: 1...Int(Int32.max))
                    if key != nil || env != nil || toVersion != nil { throw OpsError.invalid(field: "key", message: "name a change set id or --key, not both.") }
                } else {
                    guard let key, let env, let toVersion else {
                        throw OpsError.invalid(field: "key", message: "name a change set id, or --key with --env and --to-version.")
                    }
                    _ = try ConfigCommand.registry.schema(key)
                    _ = try ConfigEnvironment.parse(env)
                    try InputLimits.count(toVersion, field: "to-version", in: 0...Int(Int32.max))
                }
            }
        }

        func run() throws {
            let db = try store.open(requiring: .configPropose)
            let set = if let id {
                try db.rollbackConfigChange(id, rationale: rationale, as: store.actor)
            } else {
                try db.rollbackConfigKey(key ?? "", env: try ConfigEnvironment.parse(env ?? ""), toVersion: toVersion ?? 0, rationale: rationale, as: store.actor)
            }
            if output.json { return try CLI.printJSON(ChangeSetJSON(set, history: nil)) }
            print("Drafted rollback change set \(set.id) (\(set.status)): " + set.items.map { "\($0.environment):\($0.key)=\($0.value)" }.joined(separator: ", ") + ".")
            ConfigText.printNext(set)
        }
    }

    struct Policies: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The constraints and compliance policies, and whether each environment's configuration meets them.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: JSONOutput
        func run() throws {
            let db = try store.open(requiring: .changesRead)
            var broken: [ConfigEnvironment: [String: String]] = [:]
            for env in ConfigEnvironment.allCases {
                let view = ConfigView(environment: env, values: try db.configSnapshot(env, as: store.actor).values, registry: ConfigCommand.registry)
                for v in ConfigRules.evaluate(view) { broken[env, default: [:]][v.rule] = v.message }
            }
            let rows = ConfigRules.standard.map { rule in
                PolicyJSON(rule: rule.id, kind: rule.kind.rawValue, summary: rule.summary, environments: ConfigEnvironment.allCases.filter { rule.environments.contains($0) }.map(\.rawValue),
                           staging: status(rule, .staging, broken), production: status(rule, .production, broken))
            }
            if output.json { return try CLI.printJSON(rows) }
            CLI.printTable(["RULE", "KIND", "STAGING", "PRODUCTION", "SUMMARY"], rows.map { [$0.rule, $0.kind, $0.staging, $0.production, $0.summary] })
        }
        func status(_ rule: ConfigRule, _ env: ConfigEnvironment, _ broken: [ConfigEnvironment: [String: String]]) -> String {
            guard rule.environments.contains(env) else { return "n/a" }
            return broken[env]?[rule.id].map { "violated: \($0)" } ?? "ok"
        }
    }
}
