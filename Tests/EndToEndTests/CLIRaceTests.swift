import Foundation
import Testing
import _OpsTestSupport

/// Two real processes editing one account from the same version: exactly one wins.
@Suite("Concurrent edits by two processes")
struct CLIRaceTests {
    @Test("two pmops racing on one account: one exits 0, the other 5 naming who changed it")
    func race() throws {
        let cli = try PmopsCLI()
        let added = try cli.run(["users", "add", "--yes", "jdoe", "--name", "Jane Doe", "--email", "jdoe@example.com", "--role", "ops"])
        try #require(added.status == 0, "\(added)")
        for round in 1...4 {
            let version = round
            let names = ["Racer A\(round)", "Racer B\(round)"]
            let running = try names.map { try cli.start(["users", "update", "jdoe", "--name", $0, "--expect-version", String(version)]) }
            let results = running.map { $0.wait(timeout: 60) }
            #expect(results.allSatisfy { !$0.timedOut })
            let winners = results.indices.filter { results[$0].status == 0 }
            let losers = results.indices.filter { results[$0].status == 5 }
            try #require(winners.count == 1 && losers.count == 1, "round \(round): \(results)")
            let loser = results[losers[0]]
            #expect(loser.stderr.hasPrefix("pmops: 'jdoe' was changed by \(PmopsCLI.osLogin) at "), "\(loser.stderr)")
            #expect(loser.stderr.contains("(now version \(version + 1), you had \(version)); reload and try again. Nothing was changed."))
            let show = try #require(try cli.json(["users", "show", "jdoe", "--json"]) as? [String: Any])
            #expect(show["name"] as? String == names[winners[0]])
            #expect(show["version"] as? Int == version + 1)
        }
        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify)")
        let updates = try #require(try cli.json(["audit", "list", "--json", "--action", "user.update"]) as? [[String: Any]])
        #expect(updates.count == 4)
    }
}
