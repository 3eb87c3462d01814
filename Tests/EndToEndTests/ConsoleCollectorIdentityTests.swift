import Foundation
import Testing
import _OpsTestSupport

/// The console's in-process collector runs as the console's actor: an account without
/// collector.run only reads, one with it takes the lease under its own login.
@Suite("Console e2e: who the in-process collector runs as", .serialized)
struct ConsoleCollectorIdentityTests {
    /// The lease holder's login and pid from `collect --status --json`, nil when free.
    static func holder(_ cli: PmopsCLI) throws -> (login: String?, pid: Int)? {
        let status = try #require(try cli.json(["collect", "--status", "--json"]) as? [String: Any])
        guard let lease = status["lease"] as? [String: Any], let pid = lease["pid"] as? Int else { return nil }
        return (lease["login"] as? String, pid)
    }

    @Test("a readonly user's console never takes the lease; an ops user's console takes it as that user")
    func readonlyNeverCollects() throws {
        let cli = try PmopsCLI()
        for (login, role) in [("viewer", "readonly"), ("oncall", "ops")] {
            let added = try cli.run(["users", "add", "--yes", login, "--name", login, "--email", "\(login)@example.com", "--role", role])
            try #require(added.status == 0, "\(added)")
        }
        let reader = try ConsoleSession(cli: cli, arguments: ["console", "--as", "viewer"])
        do {
            defer { reader.close() }
            try reader.tmux.waitFor("viewer (as, by \(PmopsCLI.osLogin)) [readonly]")
            // The in-process collector would try at once and then every heartbeat (5 s).
            let taken = pollUntil(timeout: 6) { ((try? Self.holder(cli)) ?? nil) != nil }
            #expect(!taken, "a readonly console took the collector lease")
        }
        let oncall = try ConsoleSession(cli: cli, arguments: ["console", "--as", "oncall"])
        defer { oncall.close() }
        try oncall.tmux.waitFor("oncall (as, by \(PmopsCLI.osLogin)) [ops]")
        #expect(pollUntil(timeout: 10) { ((try? Self.holder(cli)) ?? nil)?.login == "oncall" },
                "the ops console did not collect as oncall")
    }
}
