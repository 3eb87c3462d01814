import ArgumentParser
import Foundation
import OpsCore
import OpsStore

extension FlagsCommand {
    struct Rollout: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Advance a rollout one step: 1, 5, 25, 50, 100 % (after a kill it restarts at 1).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The flag key.") var flag: String
        @Option(help: "The next step, in percent.") var to: Int
        @Option(help: "The variant rolled out (default: the current one, or the true variant of a boolean flag).") var variant: String?
        @OptionGroup var output: JSONOutput

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                _ = try FlagValidation.key(flag)
                guard FeatureFlag.rolloutSteps.contains(to) else {
                    throw .invalid(field: "to", message: "\(to) % is not a rollout step; steps are \(FeatureFlag.rolloutSteps.map(String.init).joined(separator: ", ")).")
                }
            }
        }

        func run() throws {
            let stored = try store.open().updateFlag(flag, action: "rollout", as: store.actor) { (current) throws(OpsError) -> FeatureFlag in
                try FlagRolloutChange.advance(current.flag, to: to, variant: variant)
            }
            if output.json { return try CLI.printJSON(FlagsCommand.json(stored)) }
            print("Flag \(stored.flag.key) rolls out \(stored.flag.rollout?.variant ?? "-") to \(to) % (version \(stored.version)).")
            print("The collector watches its health gate (the deploy config's stanzas naming it); 'pmops flags show \(stored.flag.key)' shows it.")
        }
    }

    struct Kill: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Kill switch: everyone gets the default variant now; rules and rollout stop.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The flag key.") var flag: String
        @OptionGroup var output: JSONOutput
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try FlagValidation.key(flag) } }
        func run() throws {
            let stored = try store.open().updateFlag(flag, action: "kill", as: store.actor) { (current) throws(OpsError) -> FeatureFlag in
                try FlagRolloutChange.kill(current.flag)
            }
            if output.json { return try CLI.printJSON(FlagsCommand.json(stored)) }
            print("Killed flag \(stored.flag.key): everyone gets \(stored.flag.defaultVariant) (version \(stored.version)).")
        }
    }

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Evaluate a flag for a context, as an OpenFeature flagd client would.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The flag key.") var flag: String
        @Option(name: .customLong("context"), parsing: .upToNextOption, help: "Context attributes as key=value (targetingKey=… sets the targeting key).") var context: [String] = []
        @Option(help: "The targeting key the rollout is sticky by.") var targetingKey: String?
        @OptionGroup var output: JSONOutput

        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try FlagValidation.key(flag); _ = try FlagValidation.context(context) } }

        func run() throws {
            let db = try store.open()
            let stored = try db.flag(flag, as: store.actor)
            let parsed = try FlagValidation.context(context)
            let now = db.clock.now()
            let result = CompiledFlag(stored.flag).evaluate(targetingKey: targetingKey ?? parsed.targetingKey, context: parsed.attributes,
                                                           timestamp: Int64(now.timeIntervalSince1970))
            try db.markFlagEvaluated(stored.flag.key)
            if output.json {
                return try CLI.printJSON(JSONValue.object(["flag": .string(stored.flag.key), "variant": .optional(result.variant),
                                                          "value": result.value ?? .null, "reason": .string(result.reason.rawValue)]))
            }
            switch result.reason {
            case .disabled: print("\(stored.flag.key) is disabled: the caller's code default applies.")
            case .error: print("\(stored.flag.key) failed to evaluate: \(result.message ?? "unknown error")")
            default: print("\(stored.flag.key) = \(CLI.safe(result.value?.canonical)) (variant \(result.variant ?? "-"), \(result.reason.rawValue))")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write every flag as flagd's flag definition JSON (atomically with --output).")
        @OptionGroup var store: StoreOptions
        @Option(help: "flagd (the only format).") var format = "flagd"
        @Option(help: "The file to write (default: standard output).") var output: String?

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                guard format == "flagd" else { throw .invalid(field: "format", message: "\(Printable.excerpt(format)) is not an export format; use flagd.") }
            }
        }

        func run() throws {
            let text = FlagdExport.text(try store.open().flags(as: store.actor).map(\.flag))
            guard let output else { return print(text, terminator: "") }
            try FlagsCommand.writeAtomically(text, to: output)
        }
    }

    struct Stale: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Flags to clean up: at 100 % for N days, or not evaluated for N days.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Days.") var days = 30
        @OptionGroup var output: JSONOutput
        func validate() throws { try CLI.validating { () throws(OpsError) in try InputLimits.count(days, field: "days", in: 1...3_650) } }
        func run() throws {
            let rows = try store.open().staleFlags(days: days, as: store.actor)
            if output.json {
                return try CLI.printJSON(JSONValue.array(rows.map { ["flag": .string($0.flag.flag.key), "owner": .string($0.flag.flag.owner), "reason": .string($0.reason)] }))
            }
            CLI.printTable(["KEY", "OWNER", "WHY"], rows.map { [$0.flag.flag.key, $0.flag.flag.owner, $0.reason] })
        }
    }

    /// Temp file in the same directory, fsync, rename: a reader sees the old file or the new one.
    static func writeAtomically(_ text: String, to path: String) throws(OpsError) {
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .failure("Cannot write \(Printable.excerpt(path)): \(String(cString: strerror(errno))).") }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            written += n
        }
        let synced = written == bytes.count && fsync(fd) == 0
        close(fd)
        guard synced, rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw .failure("Cannot write \(Printable.excerpt(path)): \(reason).")
        }
    }
}
