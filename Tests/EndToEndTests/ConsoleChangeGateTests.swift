import Foundation
import Testing
import _OpsTestSupport

/// A change set's health gate end to end, through the built binary: drafted by dana with the
/// CLI, approved by eve (`--as`), applied to staging; the collector (`collect --once`)
/// scrapes a real HTTP peer (Python's http.server) whose error ratio breaks the gate named
/// by the operator's deploy config, and rolls the set back in the store by itself; the
/// rollback, the failed set and the alert are visible in the Changes pane (tmux).
@Suite("Console e2e: a change set failing its gate is rolled back automatically")
struct ConsoleChangeGateTests {
    static let python = "/usr/bin/python3"

    @Test("draft (dana), approve (eve), apply, gate fails on a scraped metric, automatic rollback; the Changes pane shows it",
          .enabled(if: LocalPeer.isInstalled(python)))
    func rolledBackAutomatically() throws {
        let cli = try PmopsCLI()
        func must(_ args: [String]) throws -> ProcessResult {
            let result = try cli.run(args)
            try #require(result.status == 0, "\(args.joined(separator: " ")): \(result)")
            return result
        }
        _ = try must(["users", "add", "--yes", "dana", "--name", "Dana Devops", "--email", "dana@example.com", "--role", "devops"])
        _ = try must(["users", "add", "--yes", "eve", "--name", "Eve Devops", "--email", "eve@example.com", "--role", "devops"])
        _ = try must(["config", "draft", "mta.per_ip_daily_limit=80000", "--env", "staging", "--rationale", "Q1 campaign needs more per IP.",
                      "--submit", "--as", "dana"])
        let own = try cli.run(["config", "approve", "1", "--as", "dana"])
        #expect(own.status == 4 && own.stderr.contains("Four-eyes"), "\(own)")
        _ = try must(["config", "approve", "1", "--as", "eve"])
        _ = try must(["config", "apply", "1", "--env", "staging", "--as", "dana"])

        // The platform's metrics, served by a real HTTP server; the error ratio is bad.
        let root = try TemporaryDirectory("pmops-gate-metrics")
        _ = try root.write("metrics", "# TYPE gate_error_ratio gauge\ngate_error_ratio 0.3\n")
        let peer = try LocalPeer(Self.python, readyWithin: 10) { port, _ in
            ["-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", root.path, String(port)]
        }
        defer { peer.stop() }
        let collector = try cli.dir.write("collector.conf", "scrape platform \(peer.url("/metrics").absoluteString) timeout=2s\n")
        let gates = try cli.dir.write("deploys", "service platform-config\n  window 5m\n  rule gate_error_ratio > 0.05\n  config mta.*\n", mode: 0o600)
        let run = try must(["collect", "--once", "--config", collector, "--deploy-config", gates])
        _ = run

        let original = try #require(try cli.json(["config", "show", "1", "--json"]) as? [String: Any])
        #expect(original["status"] as? String == "rolled_back", "\(original)")
        let rollback = try #require(try cli.json(["config", "show", "2", "--json"]) as? [String: Any])
        #expect(rollback["author"] as? String == "collector" && rollback["status"] as? String == "staging_applied", "\(rollback)")
        let key = try must(["config", "show", "--key", "mta.per_ip_daily_limit", "--env", "staging"])
        #expect(key.stdout.contains("50000") || key.stdout.contains("50,000"), "\(key)")
        let alerts = try must(["alerts", "list", "--json"])
        #expect(alerts.stdout.contains("ConfigGateFailed"), "\(alerts)")

        let console = try ConsoleSession(cli: cli, arguments: ["console", "--no-collector", "--as", "eve"])
        defer { console.close() }
        let tmux = console.tmux
        try tmux.press("9")
        try tmux.waitFor("Changes", "cs-2 mta.per_ip_daily_limit=50000", "cs-1 gate failed staging", "cs-2 rollback of cs-1")
        try tmux.press("Enter")
        try tmux.waitFor("Change set cs-2", "Rolls back", "cs-1", "Automatic rollback")
        #expect(!console.hasExited)
        try tmux.press("q")
    }
}
