import Foundation
import Testing
import _OpsTestSupport

/// `pmops demo --demo-offset`: the demo console, with its in-process collector, started
/// just before the script's blacklist episode (6:40). The listing fires the
/// `blacklist_listing` rule (no `for`), and the Health pane shows it in the firing alerts
/// and as Blacklists "down" in the service grid, all within a minute.
@Suite("Demo e2e: a scripted episode reaches the Health dashboard")
struct DemoEpisodeTests {
    @Test("--demo-offset 392: the blacklist episode fires a critical alert the Health pane shows")
    func blacklistEpisode() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli, arguments: ["demo", "--demo-offset", "392"], width: 160, height: 48)
        defer { console.close() }
        let tmux = console.tmux
        // Before the episode: the grid has data and the blacklists are clean.
        let before = try tmux.waitFor("Firing alerts", "Blacklists", "no listing", timeout: 30)
        #expect(!before.contains("is listed on"), "an alert before the episode:\n\(before)")

        // 400 s into the script 203.0.113.12 is listed on spamhaus-sbl: about 8 s from now.
        let screen = try tmux.waitUntil("the blacklist alert in the firing alerts and the grid", timeout: 60) { screen in
            screen.contains("IP 203.0.113.12 is listed on spamhaus-sbl") && Self.blacklistRow(screen)?.contains("down") == true
        }
        let lines = screen.split(separator: "\n").map(String.init)
        let alert = try #require(lines.first { $0.contains("IP 203.0.113.12 is listed on spamhaus-sbl") })
        #expect(alert.contains("CRITICAL"), "\(alert)")
        #expect(try #require(Self.blacklistRow(screen)).contains("203.0.113.12 on spamhaus-sbl"), "\(screen)")
        #expect(screen.contains("1 critical"), "the header's firing count:\n\(screen)")
    }

    @Test("the blacklist page is delivered to the maildir beside the demo store, and its history says so")
    func blacklistPageDelivered() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli, arguments: ["demo", "--demo-offset", "392"], width: 120, height: 40)
        defer { console.close() }
        let maildir = (cli.dbPath as NSString).deletingLastPathComponent + "/maildir/new"
        func blacklistPage() -> String? {
            FileFacts.files(in: maildir).lazy.compactMap { try? FileFacts.text(maildir + "/" + $0) }
                .first { $0.contains("IP 203.0.113.12 is listed on spamhaus-sbl") }
        }
        #expect(pollUntil(timeout: 60) { blacklistPage() != nil }, "no page in \(maildir): \(FileFacts.files(in: maildir))")
        let page = try #require(blacklistPage())
        #expect(page.contains("Subject: [CRITICAL] IP 203.0.113.12 is listed on spamhaus-sbl"), "\(page)")
        #expect(page.contains("You are paged (team "), "\(page)")
        // The alert's history names whom it paged and the delivery.
        let list = try #require(try cli.json(["alerts", "list", "--json", "--search", "203.0.113.12"]) as? [String: Any])
        let id = try #require((list["alerts"] as? [[String: Any]])?.first?["id"] as? Int)
        #expect(pollUntil(timeout: 20) {
            let show = (try? cli.json(["alerts", "show", String(id), "--json"])) as? [String: Any]
            let history = show?["history"] as? [[String: Any]] ?? []
            return history.contains { $0["kind"] as? String == "delivered" && ($0["note"] as? String)?.hasSuffix(" via maildir") == true }
        }, "no delivered line in alert \(id)'s history")
    }

    @Test("--demo-offset must be a duration")
    func badOffset() throws {
        let cli = try PmopsCLI(initialize: false)
        let result = try cli.run(["demo", "--demo-offset", "soon"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr == "pmops: Invalid demo-offset: 'soon' is not a duration; write e.g. 262 (seconds), 30s or 4m30s.\n", "\(result.stderr)")
    }

    /// The service grid's Blacklists line (the left part of the screen line).
    static func blacklistRow(_ screen: String) -> String? {
        screen.split(separator: "\n").first { $0.contains("Blacklists") }.map { String($0.prefix(70)) }
    }
}
