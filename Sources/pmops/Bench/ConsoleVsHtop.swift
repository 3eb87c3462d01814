import ArgumentParser
import Foundation
import OpsCore

extension BenchCommand {
    /// `pmops bench console-vs-htop`: the side-by-side, the console's CPU share and
    /// terminal bytes/s against htop's at 160x48 with a 1 s refresh. The measurement lives
    /// in Scripts/bench-console.sh (`--vs-htop`), which drives both in one tmux server; this
    /// runs it on this binary, so there is one way to take the figure.
    struct ConsoleVsHtop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "console-vs-htop",
            abstract: "The console (Health pane, live demo) and htop -d 10 side by side at 160x48: CPU and bytes/s.",
            discussion: """
            Runs Scripts/bench-console.sh --vs-htop from the checkout this binary was built in.
            Needs tmux and htop. Exits 1 unless the console's median CPU share and output bytes/s
            are both below htop's; the table also goes to .build/bench/console-<time>.txt.
            """)

        @Option(help: "Seconds measured per round.") var idle = 30
        @Option(help: "Rounds (the medians are taken over them).") var runs = 3

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(idle, field: "idle", in: 5...86_400)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
            }
        }

        func run() throws {
            guard Self.onPath("htop") != nil else {
                CLI.printError("htop is not installed, so there is nothing to compare the console with; install it (apt-get install htop).")
                throw ExitCode(1)
            }
            guard Self.onPath("tmux") != nil else {
                CLI.printError("tmux is not installed; the benchmark runs both programs in a private tmux server (apt-get install tmux).")
                throw ExitCode(1)
            }
            let binary = BenchProcess.currentExecutable()
            guard let script = Self.script(near: binary, named: "bench-console.sh") else {
                CLI.printError("Scripts/bench-console.sh was not found above \(binary); run this from a PenguinOps checkout's build.")
                throw ExitCode(1)
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [script, "--vs-htop", binary]
            var env = ProcessInfo.processInfo.environment
            env["IDLE"] = String(idle)
            env["IDLE_RUNS"] = String(runs)
            process.environment = env
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
        }

        static func onPath(_ tool: String) -> String? {
            let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            return dirs.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }

        /// The nearest Scripts/NAME above the binary (.build/release/pmops in a checkout).
        static func script(near binary: String, named name: String) -> String? {
            var dir = URL(fileURLWithPath: binary).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<8 {
                let candidate = dir.appendingPathComponent("Scripts/\(name)").path
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
            return nil
        }
    }
}
