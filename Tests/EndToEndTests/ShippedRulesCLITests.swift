import Foundation
import Testing
import _OpsTestSupport

/// The default rules are built into pmops: a binary copied anywhere lists and runs them,
/// and a configured rules file that cannot be used is named (collect's log, the console's
/// status line) while the built-in rules keep alerting.
@Suite("Built-in rules: any install has them; a missing rules file is named")
struct ShippedRulesCLITests {
    @Test("a copy of the binary in an empty folder lists the built-in rules")
    func copiedBinary() throws {
        let cli = try PmopsCLI(initialize: false)
        let folder = try TemporaryDirectory("pmops-copied-bin")
        let copy = folder.file("pmops")
        try FileManager.default.copyItem(atPath: cli.binary, toPath: copy)
        var env = cli.environment()
        env["PMOPS_RULES"] = nil
        let result = try ChildProcess.run(copy, ["rules", "list"], environment: env, directory: folder.path)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("16 rules in built-in penguinmails.rules\n"), "\(result.stdout)")
        #expect(result.stdout.contains("queue_depth_critical"), "\(result.stdout)")
    }

    @Test("collect: a missing $PMOPS_RULES is named in the log, and the built-in rules run")
    func missingRulesLogged() throws {
        let cli = try PmopsCLI()
        let missing = cli.dir.file("gone.rules")
        let result = try cli.run(["collect", "--once"], env: ["PMOPS_RULES": missing])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("Rules file \(missing) does not exist. Running the built-in penguinmails.rules instead."),
                "\(result.stderr)")
    }

    @Test("console: a missing $PMOPS_RULES is named in the status line")
    func missingRulesInStatusLine() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli, arguments: ["demo"], width: 200, height: 40,
                                         environment: ["PMOPS_RULES": cli.dir.file("gone.rules")])
        defer { console.close() }
        let screen = try console.tmux.waitFor("gone.rules does not exist", timeout: 30)
        let last = screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(last?.contains("gone.rules does not exist") == true, "\(screen)")
    }
}
