import Foundation
import OpsCore

/// Runs the real binary as a child process and times it from spawn to exit, as a shell
/// would see it. `posix_spawn` directly, not `Foundation.Process`, so the harness adds
/// no run-loop thread or pipe draining to what is measured.
enum BenchProcess {
    struct Outcome {
        var status: Int32
        var seconds: Double
    }

    /// The running executable: the benchmark measures the build it belongs to.
    static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Spawns `executable arguments…` with standard output sent to `stdoutPath`
    /// (standard error is inherited) and waits for it.
    static func run(_ executable: String, _ arguments: [String], stdoutPath: String = "/dev/null") throws(OpsError) -> Outcome {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var pid = pid_t()
        let start = BenchClock.nanos()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw .failure("Cannot run \(executable): \(String(cString: strerror(spawned))).")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw .failure("Lost the child \(executable): \(String(cString: strerror(errno))).") }
        }
        let seconds = Double(BenchClock.nanos() - start) / 1e9
        // WIFEXITED / WEXITSTATUS, spelled out: the C macros are not imported.
        let exited = status & 0x7F == 0
        return Outcome(status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), seconds: seconds)
    }

    /// Runs the child `warmups + runs` times and returns the timed runs' wall seconds;
    /// any non-zero exit stops the benchmark with the command line in the message.
    static func timeRuns(_ executable: String, _ arguments: [String], runs: Int, warmups: Int = 1) throws(OpsError) -> BenchSamples {
        var samples = BenchSamples()
        for i in 0..<(warmups + runs) {
            let outcome = try run(executable, arguments)
            guard outcome.status == 0 else {
                throw .failure("'\(([executable] + arguments).joined(separator: " "))' exited with status \(outcome.status).")
            }
            if i >= warmups { samples.append(outcome.seconds) }
        }
        return samples
    }
}
