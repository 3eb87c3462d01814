import ArgumentParser
import Foundation
import OpsCore
import OpsStore
import OpsCollector
import OpsFixtures

/// `pmops` / `pmops console`: the full-screen console on the store.
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the full-screen console (the default when no subcommand is given).")

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: ConsoleOptions

    func run() throws {
        let db = try store.open(requiring: .usersRead)
        try MainActor.assumeIsolated {
            try ConsoleLauncher.run(store: db, actor: store.actor, options: options)
        }
    }
}

/// `pmops demo`: the console on a seeded demo store, created when missing.
struct DemoConsole: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the console on a demo store (seeded on first use; the default of 'pmops demo').")

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: ConsoleOptions
    @Option(help: "Random seed for the demo people.") var seed: UInt64 = 42
    @Option(name: .customLong("demo-offset"),
            help: ArgumentHelp("Start the demo workload's fifteen-minute script this far in: 15 (backlog), 392 (blacklist), 535 (bounce spike).",
                               valueName: "duration"))
    var demoOffset: String?

    func validate() throws {
        if let demoOffset { try CLI.validating { () throws(OpsError) in _ = try ConfigValueParsing.seconds(demoOffset, field: "demo-offset") } }
    }

    func run() throws {
        var path = store.db ?? ProcessInfo.processInfo.environment["PMOPS_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? ""
        if path.isEmpty {
            path = DemoCommand.demoStorePath()
            try StoreLocation.ensureDirectory(for: path)
        }
        let db = try AppDatabase(path: path, create: true)
        // Seeded on first use: an empty store, or one whose acting account is missing
        // (seedDemo then refuses with the reason unless that account is a super_admin).
        if !(try db.hasAccounts()) || (try? db.whoAmI(store.actor)) == nil {
            _ = try db.seedDemo(seed: seed, as: store.actor)
            // A store the demo seeds gets a week of history too (not when it holds metrics).
            let now = Date()
            let workload = DemoWorkload(start: now)
            try db.seedDemoHistory(now: now, samples: { time in
                workload.samples(at: time).map { SampleInput(series: MetricSeriesKey(name: $0.name, labels: $0.labels), time: time, value: $0.value) }
            }, as: store.actor)
            try db.seedDemoSuccess(now: now, tenants: DemoWorkload.tenants.map(\.id), as: store.actor)
        }
        let deploys = try DemoDeployConfig.ensure(at: ((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent) + "/deploys")
        try MainActor.assumeIsolated {
            try ConsoleLauncher.run(store: db, actor: store.actor, options: options, demoDeployConfig: deploys,
                                    onExit: "Demo store: \(path) (open it again with 'pmops demo' or 'pmops --db \(path)').", demo: true,
                                    demoOffset: try demoOffset.map { text throws(OpsError) in try ConfigValueParsing.seconds(text, field: "demo-offset") } ?? 0)
        }
    }
}
