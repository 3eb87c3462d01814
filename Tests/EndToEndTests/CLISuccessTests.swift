import Foundation
import Testing
import _OpsTestSupport

/// Customer success and integrations through the built binary: a customer turning at risk
/// shows on its success manager's list and queues one reminder; milestones, outreach and
/// bad input; an integration reaching production only through someone else's review.
@Suite("CLI: customer success and integrations")
struct CLISuccessTests {
    func must(_ cli: PmopsCLI, _ args: [String]) throws {
        let result = try cli.run(args)
        #expect(result.status == 0, "\(args.joined(separator: " ")): \(result)")
    }

    @Test("a customer below the threshold is on the success manager's list, reminded once")
    func atRisk() throws {
        let cli = try PmopsCLI()
        try must(cli, ["users", "add", "sam", "--name", "Sam Success", "--email", "sam@example.com", "--role", "success"])
        try cli.dir.write("customers.json", #"[{"id":"acme","name":"Acme","plan":"growth","status":"active","success_manager":"sam","contacts":[{"name":"Jo","email":"jo@acme.example"}]},{"id":"zeta","name":"Zeta","plan":"starter","status":"active","contacts":[]}]"#)
        try must(cli, ["customers", "import", cli.dir.file("customers.json")])
        for priority in ["P1", "P1", "P2"] {
            try must(cli, ["tickets", "open", "--customer", "acme", "--category", "sending", "--priority", priority, "--title", "Queue stuck"])
        }
        try must(cli, ["settings", "set", "customers.at_risk_below", "90"])
        let health = try #require(try cli.json(["customers", "health", "acme", "--json"]) as? [String: Any])
        let score = try #require(health["health"] as? [String: Any])
        #expect(score["score"] as? Int == 85)
        #expect(score["atRisk"] as? Bool == true)
        let text = try cli.run(["customers", "health", "acme"])
        #expect(text.stdout.contains("open-tickets") && text.stdout.contains("-15 / 15") && text.stdout.contains("2 P1, 1 P2 open"), "\(text)")
        try must(cli, ["customers", "sweep"])
        try must(cli, ["customers", "sweep"])
        let mine = try cli.run(["customers", "at-risk", "--mine", "--as", "sam"])
        #expect(mine.status == 0 && mine.stdout.contains("acme") && !mine.stdout.contains("zeta"), "\(mine)")
        let outbox = try cli.run(["outbox", "list"])
        #expect(outbox.stdout.components(separatedBy: "At risk: Acme").count == 2, "one reminder: \(outbox)")
        try must(cli, ["customers", "outreach", "acme", "--note", "Called Jo about the queue", "--as", "sam"])
        try must(cli, ["customers", "onboarding", "acme", "--done", "dns-verified", "--at", "2026-12-01", "--as", "sam"])
        let plan = try cli.run(["customers", "plan", "acme"])
        #expect(plan.stdout.contains("risk") && plan.stdout.contains("outreach"), "\(plan)")
    }

    @Test("bad input: one sentence, the right exit code, nothing written")
    func badInput() throws {
        let cli = try PmopsCLI()
        try cli.dir.write("customers.json", #"[{"id":"acme","name":"Acme","plan":"growth","status":"active","contacts":[]}]"#)
        try must(cli, ["customers", "import", cli.dir.file("customers.json")])
        let before = try cli.run(["audit", "list", "--json"]).stdout
        let cases: [([String], Int32)] = [
            (["customers", "health", "nope"], 3),
            (["customers", "outreach", "nope", "--note", "hi"], 3),
            (["customers", "onboarding", "acme", "--done", "launched"], 2),
            (["customers", "onboarding", "acme", "--done", "dns-verified", "--at", "2099-01-01"], 2),
            (["customers", "onboarding", "acme", "--done", "dns-verified", "--at", "yesterday-ish"], 2),
            (["customers", "outreach", "acme", "--note", "   "], 2),
            (["integrations", "add", "Bad Id", "--name", "X", "--kind", "crm", "--owner", "o", "--api-version", "v1"], 2),
            (["integrations", "add", "x", "--name", "X", "--kind", "fax", "--owner", "o", "--api-version", "v1"], 2),
            (["integrations", "deprecate", "nope", "--api", "v1", "--sunset", "2027-02-01", "--item", "a"], 3),
            (["integrations", "deprecate", "x", "--api", "v1", "--sunset", "soon", "--item", "a"], 2),
            (["settings", "set", "customers.at_risk_below", "150"], 2),
        ]
        for (args, code) in cases {
            let result = try cli.run(args)
            #expect(result.status == code, "\(args.joined(separator: " ")): \(result)")
            #expect(!result.stderr.isEmpty && result.stderr.split(separator: "\n").count <= 3, "\(args): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error") && result.stdout.isEmpty, "\(args): \(result)")
        }
        #expect(try cli.run(["audit", "list", "--json"]).stdout == before, "a refused command wrote an audit row")
    }

    @Test("an integration reaches production only after security reviews it; the author cannot")
    func integrationReview() throws {
        let cli = try PmopsCLI()
        try must(cli, ["users", "add", "--yes", "sec", "--name", "Sec Person", "--email", "sec@example.com", "--role", "security"])
        try must(cli, ["integrations", "add", "postmaster", "--name", "Gmail Postmaster", "--kind", "inbox-provider", "--owner", "deliverability",
                       "--api-version", "v1", "--rotation-due", "2027-03-01"])
        try must(cli, ["integrations", "advance", "postmaster"])
        let early = try cli.run(["integrations", "advance", "postmaster"])
        #expect(early.status == 5 && early.stderr.contains("security review"), "\(early)")
        let own = try cli.run(["integrations", "review", "postmaster", "--approve", "--check", "keys"])
        #expect(own.status == 5 && own.stderr.contains("Separation of duty"), "\(own)")
        try must(cli, ["integrations", "review", "postmaster", "--approve", "--check", "Least-privilege key", "--as", "sec"])
        try must(cli, ["integrations", "advance", "postmaster"])
        let shown = try cli.run(["integrations", "show", "postmaster"])
        #expect(shown.stdout.contains("stage production") && shown.stdout.contains("approved by sec"), "\(shown)")
        try must(cli, ["integrations", "deprecate", "postmaster", "--api", "Postmaster API v1", "--sunset", "2027-06-01", "--item", "Move to v2"])
        let list = try cli.run(["integrations", "deprecations"])
        #expect(list.stdout.contains("Postmaster API v1") && list.stdout.contains("d left") && list.stdout.contains("checklist 0/1"), "\(list)")
    }
}
