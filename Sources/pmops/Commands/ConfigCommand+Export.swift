import ArgumentParser
import Foundation
import OpsCore
import OpsStore

extension ConfigCommand {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keys that differ: staging against production (default), or one environment between two revisions (--env --from [--to]).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The environment on the left (default: staging).") var env: String?
        @Option(help: "The environment on the right (default: production, unless --from is given).") var against: String?
        @Option(help: "Compare --env at this revision…") var from: Int?
        @Option(help: "…with this one (default: the latest).") var to: Int?
        @OptionGroup var output: JSONOutput

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                if let env { _ = try ConfigEnvironment.parse(env) }
                if let against { _ = try ConfigEnvironment.parse(against) }
                if let from { try InputLimits.count(from, field: "from", in: 0...Int(Int32.max)) }
                if let to { try InputLimits.count(to, field: "to", in: 0...Int(Int32.max)) }
                if from != nil || to != nil, against != nil { throw OpsError.invalid(field: "against", message: "compare two environments or two revisions, not both.") }
                if to != nil, from == nil { throw OpsError.invalid(field: "from", message: "--to needs --from.") }
            }
        }

        func run() throws {
            let db = try store.open(requiring: .changesRead)
            let left: ConfigSnapshot
            let right: ConfigSnapshot
            if let from {
                let env = try ConfigEnvironment.parse(env ?? "production")
                left = try db.configSnapshot(env, revision: from, as: store.actor)
                right = try db.configSnapshot(env, revision: to, as: store.actor)
            } else {
                left = try db.configSnapshot(try ConfigEnvironment.parse(env ?? "staging"), as: store.actor)
                right = try db.configSnapshot(try ConfigEnvironment.parse(against ?? (left.environment == .staging ? "production" : "staging")), as: store.actor)
            }
            let other = right.values
            let rows = left.entries.filter { other[$0.key] != $0.value }.map { DiffJSON(key: $0.key, left: $0.value, right: other[$0.key] ?? "") }
            let l = "\(left.environment)@r\(left.revision)", r = "\(right.environment)@r\(right.revision)"
            if output.json { return try CLI.printJSON(DiffReportJSON(left: l, right: r, differences: rows)) }
            if rows.isEmpty { return print("\(l) and \(r) are the same.") }
            CLI.printTable(["KEY", l.uppercased(), r.uppercased()], rows.map { [$0.key, $0.left, $0.right] })
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an environment's effective configuration for the platform to read, with its revision and SHA-256, atomically (temporary file, then rename).")
        @OptionGroup var store: StoreOptions
        @Option(help: "staging or production.") var env: String
        @Option(help: "json or yaml.") var format = "json"
        @Option(help: "The file to write (default: standard output).") var output: String?
        @Option(help: "Export this revision (default: the latest).") var revision: Int?

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                _ = try ConfigEnvironment.parse(env)
                guard ["json", "yaml"].contains(format.lowercased()) else {
                    throw OpsError.invalid(field: "format", message: "\(Printable.excerpt(format)) is not an export format; use json or yaml.")
                }
                if let revision { try InputLimits.count(revision, field: "revision", in: 0...Int(Int32.max)) }
                if let output, output.isEmpty { throw OpsError.invalid(field: "output", message: "name the file to write.") }
            }
        }

        func run() throws {
            let snapshot = try store.open(requiring: .changesRead).configSnapshot(try ConfigEnvironment.parse(env), revision: revision, as: store.actor)
            let text = format.lowercased() == "yaml" ? ConfigFile.yaml(snapshot, registry: ConfigCommand.registry)
                                                      : ConfigFile.json(snapshot, registry: ConfigCommand.registry)
            guard let output else { return print(text, terminator: "") }
            try ConfigFile.writeAtomically(text, to: output)
            print("Wrote \(snapshot.environment) revision \(snapshot.revision) to \(output) (sha256 \(snapshot.sha256)).")
        }
    }
}
