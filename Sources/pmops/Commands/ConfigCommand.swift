import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops config …`: PenguinMails platform settings (not pmops's own, see `pmops settings`)
/// changed through change sets: drafted with a rationale, approved by a second person,
/// applied to staging, verified, applied to production, verified, or rolled back.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Platform configuration: settings registry, change sets with four-eyes review, staged applies, rollback, export.",
        subcommands: [Keys.self, Show.self, Draft.self, SetValues.self, Approve.self, Reject.self, Apply.self, Verify.self, Rollback.self,
                      Diff.self, Export.self, Policies.self])

    static let registry = PlatformRegistry.penguinMails

    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The platform settings: type, allowed values, unit, default, owner, whether a change needs approval.")
        @OptionGroup var output: JSONOutput
        func run() throws {
            let schemas = ConfigCommand.registry.schemas
            if output.json { return try CLI.printJSON(schemas.map(ConfigKeyJSON.init)) }
            CLI.printTable(["KEY", "TYPE", "ALLOWED", "UNIT", "DEFAULT", "OWNER", "APPROVAL"], schemas.map { s in
                [s.key, s.type.name, s.type.allowed, s.unit.isEmpty ? "-" : s.unit, s.defaultValue, s.owner, s.needsApproval ? "required" : "no"]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Without an id: the effective configuration of both environments and the open change sets. With an id: that change set and its history. With --key: the versions of a key.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "A change set id.") var id: Int64?
        @Option(help: "The versions of this key.") var key: String?
        @Option(help: "With --key: staging or production (default: both).") var env: String?
        @OptionGroup var output: JSONOutput

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                if let id { try InputLimits.count(Int(clamping: id), field: "id", in: 1...Int(Int32.max)) }
                if let key { _ = try ConfigCommand.registry.schema(key) }
                if let env { _ = try ConfigEnvironment.parse(env) }
                if id != nil, key != nil { throw OpsError.invalid(field: "key", message: "name a change set id or --key, not both.") }
            }
        }

        func run() throws {
            let db = try store.open(requiring: .changesRead)
            if let id {
                let set = try db.configChangeSet(id, as: store.actor)
                let history = try db.configHistory(id, as: store.actor)
                if output.json { return try CLI.printJSON(ChangeSetJSON(set, history: history)) }
                ConfigText.printSet(set, history: history)
                for gate in try db.configGates(id, as: store.actor) {
                    if case let .config(_, env) = gate.subject { print("\(env): \(CLI.safe(gate.summary))") }
                }
            } else if let key {
                let envs = try env.map { (text) throws(OpsError) in [try ConfigEnvironment.parse(text)] } ?? ConfigEnvironment.allCases
                let versions = try envs.flatMap { (e) throws(OpsError) in try db.configKeyVersions(key, env: e, as: store.actor) }
                if output.json { return try CLI.printJSON(versions.map(KeyVersionJSON.init)) }
                let schema = try ConfigCommand.registry.schema(key)
                CLI.printTable(["ENV", "VERSION", "VALUE", "PREVIOUS", "REVISION", "CHANGE SET"],
                               envs.map { [$0.rawValue, "0", schema.defaultValue, "-", "0", "default"] } + versions.map { v in
                    [v.environment.rawValue, String(v.version), v.value, v.previous, String(v.revision), String(v.changeSet)]
                }.sorted { ($0[0], Int($0[1]) ?? 0) < ($1[0], Int($1[1]) ?? 0) })
            } else {
                let staging = try db.configSnapshot(.staging, as: store.actor)
                let production = try db.configSnapshot(.production, as: store.actor)
                let open = try db.configChangeSets(openOnly: true, as: store.actor)
                if output.json {
                    return try CLI.printJSON(ConfigOverviewJSON(staging: SnapshotJSON(staging), production: SnapshotJSON(production),
                                                                open: open.map { ChangeSetJSON($0, history: nil) }))
                }
                print("staging revision \(staging.revision), production revision \(production.revision)")
                let prod = production.values
                CLI.printTable(["KEY", "STAGING", "PRODUCTION", ""], staging.entries.map { e in
                    [e.key, e.value, prod[e.key] ?? "-", e.value == prod[e.key] ? "" : "differs"]
                })
                if !open.isEmpty {
                    print("")
                    ConfigText.printSets(open)
                }
            }
        }
    }

    struct Draft: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft a change set: KEY=VALUE pairs, a rationale and an impact note. --submit sends it to review (keys that need no approval are approved at once).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "KEY=VALUE pairs.") var values: [String] = []
        @Option(help: "Why this change, and why now (required).") var rationale: String
        @Option(help: "What it affects: tenants, volumes, systems.") var impact: String?
        @Option(help: "Only this environment (repeatable; default: staging and production).") var env: [String] = []
        @Flag(help: "Send it to review now.") var submit = false
        @OptionGroup var output: JSONOutput

        func parsed() throws(OpsError) -> ([(key: String, value: String)], [ConfigEnvironment]) {
            let pairs = try values.map { (text) throws(OpsError) in try ConfigLifecycle.assignment(text) }
            let envs = try env.map { (text) throws(OpsError) in try ConfigEnvironment.parse(text) }
            _ = try ConfigLifecycle.validateDraft(rationale: rationale, impact: impact, assignments: pairs,
                                                  environments: envs.isEmpty ? ConfigEnvironment.allCases : envs, registry: ConfigCommand.registry)
            return (pairs, envs.isEmpty ? ConfigEnvironment.allCases : envs)
        }

        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try parsed() } }

        func run() throws {
            let (pairs, envs) = try parsed()
            let set = try store.open(requiring: .configPropose).draftConfigChange(pairs, environments: envs, rationale: rationale, impact: impact,
                                                                                  submit: submit, as: store.actor)
            if output.json { return try CLI.printJSON(ChangeSetJSON(set, history: nil)) }
            print("Drafted change set \(set.id) (\(set.status)): \(set.keys.joined(separator: ", ")).")
            ConfigText.printNext(set)
        }
    }

    struct SetValues: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change values in your own draft, and/or --submit it to review.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The draft's id.") var id: Int64
        @Argument(help: "KEY=VALUE pairs.") var values: [String] = []
        @Option(help: "Only this environment (repeatable; default: both).") var env: [String] = []
        @Flag(help: "Send it to review.") var submit = false
        @OptionGroup var output: JSONOutput

        func parsed() throws(OpsError) -> ([(key: String, value: String)], [ConfigEnvironment]) {
            try InputLimits.count(Int(clamping: id), field: "id", in: 1...Int(Int32.max))
            let pairs = try values.map { (text) throws(OpsError) in try ConfigLifecycle.assignment(text) }
            for pair in pairs { _ = try ConfigCommand.registry.schema(pair.key).normalize(pair.value) }
            let envs = try env.map { (text) throws(OpsError) in try ConfigEnvironment.parse(text) }
            if pairs.isEmpty && !submit { throw .invalid(field: "values", message: "name KEY=VALUE pairs to change, or --submit.") }
            return (pairs, envs.isEmpty ? ConfigEnvironment.allCases : envs)
        }

        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try parsed() } }

        func run() throws {
            let (pairs, envs) = try parsed()
            let set = try store.open(requiring: .configPropose).editConfigChange(id, pairs, environments: envs, submit: submit, as: store.actor)
            if output.json { return try CLI.printJSON(ChangeSetJSON(set, history: nil)) }
            print("Change set \(set.id) (\(set.status)): \(set.keys.joined(separator: ", ")).")
            ConfigText.printNext(set)
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve another person's change set in review (four-eyes: never your own).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The change set id.") var id: Int64
        @OptionGroup var output: JSONOutput
        func validate() throws { try CLI.validating { () throws(OpsError) in try InputLimits.count(Int(clamping: id), field: "id", in: 1...Int(Int32.max)) } }
        func run() throws {
            let set = try store.open(requiring: .configApprove).reviewConfigChange(id, approve: true, reason: nil, as: store.actor)
            if output.json { return try CLI.printJSON(ChangeSetJSON(set, history: nil)) }
            print("Approved change set \(set.id).")
            ConfigText.printNext(set)
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject another person's change set in review, with a reason.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The change set id.") var id: Int64
        @Option(help: "Why (required): what the author should change.") var reason: String
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(Int(clamping: id), field: "id", in: 1...Int(Int32.max))
                if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw OpsError.invalid(field: "reason", message: "a rejection needs a reason the author can act on.")
                }
            }
        }
        func run() throws {
            let set = try store.open(requiring: .configApprove).reviewConfigChange(id, approve: false, reason: reason, as: store.actor)
            if output.json { return try CLI.printJSON(ChangeSetJSON(set, history: nil)) }
            print("Rejected change set \(set.id).")
        }
    }
}
