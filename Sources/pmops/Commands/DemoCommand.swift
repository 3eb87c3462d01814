import ArgumentParser
import Foundation
import OpsCore
import OpsStore
import OpsFixtures

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open the console on a seeded demo store (created if missing), or seed a store.",
        subcommands: [DemoConsole.self, Seed.self],
        defaultSubcommand: DemoConsole.self)

    struct Seed: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fill a store with a realistic staff directory; you become super_admin.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Random seed: the same seed gives the same people.") var seed: UInt64 = 42
        func run() throws {
            let db = try store.openWithoutIdentity(create: true)
            let result = try db.seedDemo(seed: seed, as: store.actor)
            print("Seeded \(db.path ?? "memory"): \(result.created) accounts created, \(result.skipped) already there; '\(store.actor.effectiveLogin)' is super_admin.")
        }
    }

    /// Where `pmops demo` keeps its store when no --db is given.
    static func demoStorePath() -> String { StoreLocation.dataDirectory() + "/demo.sqlite" }
}
