import Foundation
import Testing
import _OpsTestSupport

/// Issue #11 §10 through the binary: work is never handed to someone who cannot do it, the
/// hand-over is in each alert's history, and routing that pages a deactivated account is
/// flagged and never silently skipped.
@Suite("Work hand-over through the CLI")
struct CLIWorkHandoverTests {
    /// alice, bob, carol (ops) and sam (support); mta pages alice at level 1, bob at 2.
    static func setUp() throws -> PmopsCLI {
        let cli = try PmopsCLI()
        for (login, role) in [("alice", "ops"), ("bob", "ops"), ("carol", "ops"), ("sam", "support")] {
            let added = try cli.run(["users", "add", "--yes", login, "--name", "Person \(login)", "--email", "\(login)@example.com", "--role", role])
            try #require(added.status == 0, "\(added)")
        }
        let routing = try cli.dir.write("routing.conf", "route mta service=\"mta\"\nroute infra *\nescalate mta 1 alice 10m\nescalate mta 2 bob 30m\n")
        let loaded = try cli.run(["routing", "load", routing])
        try #require(loaded.status == 0, "\(loaded)")
        return cli
    }

    static func ingest(_ cli: PmopsCLI, _ fingerprint: String) throws -> Int {
        let result = try cli.run(["alerts", "ingest", "-"], stdin: CLIAlertsTests.webhook([fingerprint]))
        try #require(result.status == 0, "\(result)")
        let list = try #require(try cli.json(["alerts", "list", "--json", "--search", fingerprint]) as? [String: Any])
        return try #require((list["alerts"] as? [[String: Any]])?.first?["id"] as? Int)
    }

    static func history(_ cli: PmopsCLI, _ id: Int) throws -> [[String: Any]] {
        let show = try #require(try cli.json(["alerts", "show", String(id), "--json"]) as? [String: Any])
        return try #require(show["history"] as? [[String: Any]])
    }

    @Test("the review's case: a support account cannot inherit a critical alert; an ops engineer can, and the alert's history says so")
    func reassignee() throws {
        let cli = try Self.setUp()
        let id = try Self.ingest(cli, "mx1")
        #expect(try cli.run(["alerts", "assign", String(id), "--to", "bob"]).status == 0)
        let refused = try cli.run(["users", "deactivate", "bob", "--reason", "left", "--reassign-to", "sam"])
        #expect(refused.status == 5, "\(refused)")
        #expect(refused.stderr == "pmops: Cannot reassign alerts to 'sam': they lack alerts.ack and alerts.manage, which the work needs; choose someone who can finish it. Nothing was changed.\n")
        let bob = try #require(try cli.json(["users", "show", "bob", "--json"]) as? [String: Any])
        #expect(bob["status"] as? String == "active")
        // Nor can bob's roles be cut to something that cannot finish it while he holds it.
        let demoted = try cli.run(["users", "set-roles", "--yes", "bob", "--role", "support"])
        #expect(demoted.status == 5, "\(demoted)")
        #expect(demoted.stderr == "pmops: 'bob' still holds 1 open alerts, which need alerts.ack and alerts.manage; reassign them before removing those roles.\n")
        let done = try cli.run(["users", "deactivate", "bob", "--reason", "left", "--reassign-to", "carol"])
        #expect(done.status == 0, "\(done)")
        let last = try #require(try Self.history(cli, id).last)
        #expect(last["kind"] as? String == "assign")
        #expect(last["actor"] as? String == PmopsCLI.osLogin)
        #expect(last["note"] as? String == "'bob' was deactivated: left")
        // carol can finish it.
        #expect(try cli.run(["alerts", "ack", String(id), "--as", "carol"]).status == 0)
        #expect(try cli.run(["alerts", "resolve", String(id), "--as", "carol"]).status == 0)
    }

    @Test("deactivating someone the routing pages says so; their pages go to the next level, recorded in the history")
    func routingFlaggedAndPagesEscalate() throws {
        let cli = try Self.setUp()
        let result = try cli.run(["users", "deactivate", "alice", "--reason", "left"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("The routing still pages 'alice' at team mta level 1; those pages now go to the next level. Fix it with 'pmops routing load FILE'.\n"), "\(result.stdout)")
        let id = try Self.ingest(cli, "mx2")
        let kinds = try Self.history(cli, id).compactMap { $0["kind"] as? String }
        #expect(kinds == ["created", "page_skipped", "escalated", "paged"])
        let mails = try #require(try cli.json(["outbox", "list", "--json"]) as? [[String: Any]])
        #expect(mails.filter { $0["kind"] as? String == "alert" }.compactMap { $0["to"] as? String } == ["bob@example.com"])
        // db check flags the stale routing.
        let check = try cli.run(["db", "check"])
        #expect(check.status == 1)
        #expect(check.stderr == "pmops: routing: 'alice' (team mta level 1) is deactivated.\n")
    }

    @Test("routing check and load refuse logins that cannot take a page (exit 2); without a store, check is syntax only")
    func routingCheck() throws {
        let cli = try Self.setUp()
        #expect(try cli.run(["users", "deactivate", "carol", "--reason", "left"]).status == 0)
        let file = try cli.dir.write("bad.conf", "route mta *\nescalate mta 1 sam 10m\nescalate mta 2 carol,zed 30m\n")
        let expected = """
            pmops: Invalid \(file):2: 'sam' (team mta level 1) cannot acknowledge alerts (lacks alerts.ack).
            pmops: Invalid \(file):3: 'carol' (team mta level 2) is deactivated.
            pmops: Invalid \(file):3: 'zed' (team mta level 2) is not a staff account.

            """
        for verb in ["check", "load"] {
            let result = try cli.run(["routing", verb, file])
            #expect(result.status == 2, "\(verb): \(result)")
            #expect(result.stderr == expected, "\(verb): \(result.stderr)")
        }
        let syntaxOnly = try cli.run(["routing", "check", file], db: .omitted)
        #expect(syntaxOnly.status == 0, "\(syntaxOnly)")
        #expect(syntaxOnly.stdout.hasSuffix("syntax OK (no store to check logins against).\n"))
    }
}
