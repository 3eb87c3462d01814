import Foundation
import Testing
import _OpsTestSupport

/// Standard output that cannot be written (`> /dev/full`) is a failure: one sentence on
/// stderr and exit 1, never a silent success.
@Suite("CLI output: write errors are reported")
struct CLIOutputTests {
    static let full = "/dev/full"

    /// Runs `pmops ARGS --db STORE > /dev/full` through the shell, so stdout is the device.
    func runToFull(_ cli: PmopsCLI, _ arguments: [String]) throws -> ProcessResult {
        let quoted = ([cli.binary] + arguments + ["--db", cli.dbPath]).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try ChildProcess.run("/bin/sh", ["-c", quoted.joined(separator: " ") + " > \(Self.full)"],
                                    environment: cli.environment(), timeout: 60)
    }

    @Test("users list (table and --json) > /dev/full: exit 1 with one sentence",
          arguments: [["users", "list"], ["users", "list", "--json"]])
    func fullDevice(_ arguments: [String]) throws {
        try #require(FileManager.default.fileExists(atPath: Self.full), "no \(Self.full) on this system")
        let cli = try PmopsCLI()
        // The same command to a good destination succeeds (the failure below is the device's).
        #expect(try cli.run(arguments).status == 0)
        let result = try runToFull(cli, arguments)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr == "pmops: Cannot write standard output: No space left on device.\n", "\(result.stderr)")
        let sentence = String(result.stderr.dropFirst("pmops: ".count).dropLast())
        #expect(Sentences.isOneSentence(sentence), "\(sentence)")
    }

    @Test("bench console-vs-htop without htop on PATH: one sentence, exit 1, nothing started")
    func benchWithoutHtop() throws {
        let cli = try PmopsCLI(initialize: false)
        let result = try cli.run(["bench", "console-vs-htop", "--idle", "5", "--runs", "1"], db: .omitted, env: ["PATH": cli.dir.path])
        #expect(result.status == 1, "\(result)")
        let line = result.stderr.trimmingCharacters(in: .newlines)
        #expect(line.hasPrefix("pmops: htop is not installed"), "\(result.stderr)")
        #expect(Sentences.isOneSentence(String(line.dropFirst("pmops: ".count))), "\(line)")
        #expect(result.stdout.isEmpty)
    }
}
