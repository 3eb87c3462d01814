import ArgumentParser
import OpsCore
import OpsStore

struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "Store settings: retention, separation of duty, mail.",
        subcommands: [List.self, Set.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every setting.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: JSONOutput
        func run() throws {
            let db = try store.open()
            let values = try db.settings(as: store.actor)
            // A value stored before its rule tightened is shown, and refused where it is used.
            for problem in try db.settingProblems() { CLI.printError("refused \(problem)") }
            if output.json { return try CLI.printJSON(Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })) }
            CLI.printTable(["KEY", "VALUE", "MEANING"], values.map { [$0.key.rawValue, $0.value, $0.key.summary] })
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a setting (audited).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Key (see 'pmops settings list').") var key: String
        @Argument(help: "New value.") var value: String
        func run() throws {
            guard let k = SettingKey(rawValue: key) else {
                throw OpsError.invalid(field: "key", message: "unknown setting \(Printable.excerpt(key)); settings are \(SettingKey.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            try store.open().setSetting(k, to: value, as: store.actor)
            print("\(k.rawValue) = \(CLI.safe(value))")
        }
    }
}
