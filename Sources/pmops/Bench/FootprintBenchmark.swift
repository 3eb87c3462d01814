import ArgumentParser
import Foundation
import OpsCore
import OpsFixtures
import OpsStore

extension BenchCommand {
    /// `pmops bench footprint`: issue 14's table, the live demo console against htop (and
    /// btop when installed) in one tmux server: CPU, terminal bytes, bytes written, disk
    /// writes per stored sample, RSS and first frame, with ratios and targets. The
    /// measurement lives in Scripts/bench-footprint.sh; this runs it on this binary.
    struct Footprint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "footprint",
            abstract: "The console's footprint (CPU, terminal bytes, disk writes per sample, RSS, first frame) against htop and btop.",
            discussion: """
            Runs Scripts/bench-footprint.sh from the checkout this binary was built in. Needs tmux,
            htop and sqlite3; btop is measured when installed. Exits 1 when a target is missed; the
            table also goes to .build/bench/footprint-<time>.txt.
            """)

        @Option(help: "Seconds measured per round (disk writes need 60 or more).") var window = 60
        @Option(help: "Rounds (the medians are taken over them).") var runs = 3
        @Option(help: "The 1,000,000-alert store of 'bench alert-queue', for the Alerts-pane rows (skipped without it).")
        var alertsStore: String?
        @Option(help: ArgumentHelp("Instead: simulate this many hours of the collector's sample path in process and print bytes written per sample.", valueName: "hours"))
        var simulate: Double?

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(window, field: "window", in: 5...86_400)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
                if let simulate, !(0.25...48).contains(simulate) {
                    throw OpsError.invalid(field: "simulate", message: "\(simulate) is outside 0.25 to 48 hours.")
                }
            }
        }

        func run() throws {
            if let simulate {
                // Side by side in one run: before (blocks into rows), chunks, chunks + hourly rollups.
                for (blocksIntoRows, rollupEvery) in [(true, 60.0), (false, 60), (false, 3_600)] {
                    var figures: CollectorWriteSimulation?
                    try CLI.validating { () throws(OpsError) in
                        figures = try AppDatabase.simulateCollectorWrites(hours: simulate, policy: RetentionPolicy(rollupEvery: rollupEvery),
                                                                          blocksIntoRows: blocksIntoRows)
                    }
                    if let figures { print(Self.describe(figures)) }
                }
                return
            }
            for (tool, why) in [("htop", "there is nothing to compare the console with"),
                                ("tmux", "the benchmark runs every program in a private tmux server"),
                                ("sqlite3", "the stored samples are counted with it")]
            where ConsoleVsHtop.onPath(tool) == nil {
                CLI.printError("\(tool) is not installed, and \(why); install it (apt-get install \(tool)).")
                throw ExitCode(1)
            }
            let binary = BenchProcess.currentExecutable()
            guard let script = ConsoleVsHtop.script(near: binary, named: "bench-footprint.sh") else {
                CLI.printError("Scripts/bench-footprint.sh was not found above \(binary); run this from a PenguinOps checkout's build.")
                throw ExitCode(1)
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [script, binary]
            var env = ProcessInfo.processInfo.environment
            env["WINDOW"] = String(window)
            env["RUNS"] = String(runs)
            if let alertsStore { env["ALERTS_STORE"] = alertsStore }
            process.environment = env
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
        }

        static func describe(_ f: CollectorWriteSimulation) -> String {
            func fixed(_ x: Double) -> String { String(format: "%.1f", x) }
            return """
            \(f.blocksIntoRows ? "before (blocks drained into metric_sample rows)" : "blocks packed into raw chunks"), minutes rolled up every \(Int(f.rollupEvery)) s:
            simulated \(fixed(f.hours)) h, \(f.series) series, \(f.samples) samples measured (after a 10 min warm-up), \(f.seals) seals, \(f.maintenanceCalls) maintenance calls, \(fixed(f.seconds)) s
            write(2) bytes per sample:  \(fixed(f.bytesPerSample)) (\(f.bytesWritten) B)
            write_bytes per sample:     \(fixed(f.diskBytesPerSample)) (\(f.diskBytes) B)
            """
        }
    }
}
