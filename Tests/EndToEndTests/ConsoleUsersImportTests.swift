import Foundation
import Testing
import _OpsTestSupport

/// Issue #20 through the built binary in tmux: Users → Import… shows the plan of an HR
/// export (with its counts), applies nothing until "apply" is typed, then the CLI (another
/// process on the same store) sees the account, and a second import plans no change.
@Suite("Console e2e: HR import preview and apply")
struct ConsoleUsersImportTests {
    @Test("I: paths, the plan with its counts, typed 'apply'; the CLI agrees; the same file again changes nothing")
    func previewThenApply() throws {
        let cli = try PmopsCLI(initialize: false)
        let csv = try cli.dir.write("hr.csv", "login,name,email,team\ne2ehire,Hire Éone,e2ehire@example.com,Ops\n")
        let map = try cli.dir.write("hr.map", "department Ops = ops\n")
        let console = try ConsoleSession(cli: cli)
        defer { console.close() }
        let tmux = console.tmux
        try console.waitForTable()
        try tmux.press("I")
        try tmux.waitFor("Import")
        try tmux.type(csv)
        try tmux.press("Tab")
        try tmux.type(map)
        try tmux.press("Enter")
        let plan = try tmux.waitFor("create 1 · update 0", "e2ehire")
        #expect(plan.contains("Hire Éone"), "\(plan)")
        // Nothing is applied by the preview: another process sees no account yet.
        #expect(try cli.run(["users", "show", "e2ehire"]).status == 3)
        try tmux.type("apply")
        try tmux.press("Enter")
        let applied = try tmux.waitFor("Import applied: 1 created")
        try? applied.write(toFile: "/tmp/applied.txt", atomically: false, encoding: .utf8)
        #expect(!applied.contains("create 1 · update 0"), "the plan closed: \(applied)")
        #expect(!console.hasExited)
        // Another process sees the account (polled: the console commits before it says so,
        // but this test has seen the row arrive a few seconds after the status line).
        try tmux.waitUntil("the CLI sees the imported account") { _ in
            (try? cli.run(["users", "show", "e2ehire"]).status) == 0
        }
        let json = try #require(try cli.json(["users", "show", "e2ehire", "--json"]) as? [String: Any])
        #expect(json["roles"] as? [String] == ["ops"])
        #expect(json["name"] as? String == "Hire Éone")
        let again = try cli.run(["users", "import", csv, "--map", map, "--json"])
        #expect(again.status == 0, "\(again)")
        let planned = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect((planned["create"] as? [Any])?.isEmpty == true, "\(again.stdout)")
        #expect((planned["update"] as? [Any])?.isEmpty == true, "\(again.stdout)")
    }
}

