import ArgumentParser
import Foundation
import OpsCollector
import OpsCore
import OpsStore

extension DeploysCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deployments since a time, newest first, for one service or all.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this service.") var service: String?
        @Option(help: "Window: 2h, 7d, or a UTC time.") var since = "7d"
        @Option(help: "At most this many.") var limit = 200
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                _ = try CLI.since(since, field: "since")
                if let service { _ = try IncidentValidation.name(service, field: "service") }
                try InputLimits.count(limit, field: "limit", in: 1...100_000)
            }
        }
        func run() throws {
            let rows = try store.open().deployments(service: service, since: try CLI.since(since, field: "since"), limit: limit, as: store.actor)
            if output.json { return try CLI.printJSON(rows.map { DeploymentJSON($0) }) }
            CLI.printTable(["ID", "STARTED", "SERVICE", "VERSION", "STATUS", "COMPONENTS", "BY"], rows.map { d in
                let failed = d.failedComponents
                let parts = failed.isEmpty ? "\(d.components.count)" : "\(d.components.count) (\(failed.joined(separator: ",")) failed)"
                return [d.number.description, Timestamp.format(d.startedAt), d.service, d.version, d.status.rawValue, parts, d.by]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One deployment: components, gate, rollback outcome and linked incidents.")
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("The deployment (DEP-12).", valueName: "id")) var deployment: String
        @OptionGroup var output: JSONOutput
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try DeploymentNumber.parse(deployment) } }
        func run() throws {
            let (d, links) = try store.open().deployment(try DeploymentNumber.parse(deployment), as: store.actor)
            if output.json { return try CLI.printJSON(DeploymentJSON(d, incidents: links)) }
            print("\(DeploysCommand.summary(d)), by \(CLI.safe(d.by))")
            print("  started   \(Timestamp.format(d.startedAt))\(d.finishedAt.map { "   finished " + Timestamp.format($0) } ?? "")")
            if let commit = d.commitAt { print("  commit    \(Timestamp.format(commit))") }
            if let until = d.gateUntil { print("  gate      until \(Timestamp.format(until))") }
            if let failed = d.failedAt { print("  failed    \(Timestamp.format(failed))\(d.restoredAt.map { "   restored " + Timestamp.format($0) } ?? "")") }
            if let link = d.link { print("  link      \(CLI.safe(link))") }
            if let note = d.note { print("  note      \(CLI.safe(note))") }
            for c in d.components { print("  component \(c.name) \(c.status) at \(Timestamp.format(c.updatedAt))") }
            for link in links { print("  incident  \(CLI.safe(link.label))") }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "DORA figures by service: count, success, rollback and change failure rates, time to restore, lead time.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this service.") var service: String?
        @Option(help: "Window: 30d, 12h, or a UTC time.") var since = "30d"
        @Flag(help: "Print how each figure is computed.") var explain = false
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                _ = try CLI.since(since, field: "since")
                if let service { _ = try IncidentValidation.name(service, field: "service") }
            }
        }
        func run() throws {
            let rows = try store.open().deployStats(service: service, since: try CLI.since(since, field: "since"), as: store.actor)
            if output.json { return try CLI.printJSON(rows.map(DeployStatsJSON.init)) }
            func pct(_ v: Double?) -> String { v.map { String(format: "%.0f %%", $0 * 100) } ?? "-" }
            func dur(_ v: TimeInterval?) -> String { v.map { InputLimits.describe(($0 / 60).rounded() * 60) } ?? "-" }
            CLI.printTable(["SERVICE", "DEPLOYS", "SUCCESS", "ROLLBACK", "CHANGE FAIL", "RESTORE (MEDIAN)", "LEAD TIME (MEDIAN)"], rows.map { s in
                [s.service, String(s.deployments), pct(s.successRate), pct(s.rollbackRate), pct(s.changeFailureRate), dur(s.timeToRestore), dur(s.leadTime)]
            })
            if explain { print("\n" + DeployStats.explanation) }
        }
    }

    struct CheckConfig: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-config", abstract: "Check the deploy config file: ownership, syntax and every gate rule, with file:line.")
        @Option(name: .customLong("deploy-config"), help: ArgumentHelp("The file (default: $PMOPS_DEPLOY_CONFIG, else ~/.config/pmops/deploys).", valueName: "file"))
        var deployConfig: String?
        func run() throws {
            guard let file = DeployConfigFile.resolve(commandLine: deployConfig, environment: ProcessInfo.processInfo.environment) else {
                throw OpsError.invalid(field: "deploy-config", message: "no file given and neither $HOME nor $XDG_CONFIG_HOME is set.")
            }
            let config = try DeployConfigFile(path: file.path, explicit: true).load()
            let problems = DeployGateCheck.check(config, file: file.path)
            if !problems.isEmpty {
                for problem in problems { CLI.printError(problem) }
                throw ExitCode(2)
            }
            for gate in config.gates.values.sorted(by: { $0.service < $1.service }) {
                print("\(gate.service): window \(InputLimits.describe(gate.window)), \(gate.rules.count) rules, \(gate.probes.count) probes, auto-rollback \(gate.autoRollback ? "yes" : "no")")
            }
        }
    }
}
