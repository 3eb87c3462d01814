import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// `pmops billing ingest` through the binary, with headers signed by Stripe's own Python
/// library at the current time: accepted exactly when the library's verifier accepts
/// (right secret, in tolerance, untouched body, one of several v1 signatures), refused with
/// exit 4 and nothing stored otherwise. Secrets come from the environment or a file.
@Suite("Billing through the CLI")
struct CLIBillingTests {
    static func sign(_ body: String, secret: String, at t: Int) throws -> String {
        let script = try RepoFiles.root() + "/Scripts/stripe-oracle.py"
        let result = try ChildProcess.run("/usr/bin/env", ["python3", script, "sign", secret, String(t)], stdin: Data(body.utf8), timeout: 60)
        guard result.status == 0 else { throw TestSupportError("the stripe Python package must be installed (Scripts/ensure-deps.sh): \(result)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("signed by the stripe package: accepted; wrong secret, stale, tampered: exit 4 and nothing stored; duplicate: no change")
    func ingest() throws {
        let cli = try PmopsCLI()
        let secret = "whsec_cli_billing"
        let env = ["PMOPS_STRIPE_WEBHOOK_SECRET": secret]
        let body = try String(contentsOfFile: try RepoFiles.root() + "/Docs/samples/stripe/charge.dispute.created.json", encoding: .utf8)
        let now = Int(Date().timeIntervalSince1970)
        let good = try Self.sign(body, secret: secret, at: now)
        let wrong = try Self.sign(body, secret: "whsec_other", at: now)
        let stale = try Self.sign(body, secret: secret, at: now - 400)

        for (header, payload, what) in [(wrong, body, "wrong secret"), (stale, body, "stale"), (good, body + " ", "tampered")] {
            let result = try cli.run(["billing", "ingest", "-", "--signature", header], stdin: Data(payload.utf8), env: env)
            #expect(result.status == 4, "\(what): \(result)")
            #expect(result.stderr.contains("Refused the Stripe event") && result.stderr.contains("nothing was stored"), "\(what)")
        }
        #expect(try cli.run(["billing", "events"]).stdout.split(separator: "\n").count <= 1)
        #expect(try cli.run(["billing", "ingest", "-", "--signature", good], stdin: Data(body.utf8)).status == 2, "no secret configured")

        // Several v1 signatures (a secret being rolled): one matching is enough.
        let rolled = wrong + "," + good.split(separator: ",")[1]
        let accepted = try cli.run(["billing", "ingest", "-", "--signature", rolled, "--json"], stdin: Data(body.utf8), env: env)
        #expect(accepted.status == 0, "\(accepted)")
        #expect(accepted.stdout.contains("\"outcome\" : \"applied\"") || accepted.stdout.contains("\"outcome\":\"applied\""))
        try cli.dir.write("secret", secret + "\n")
        let again = try cli.run(["billing", "ingest", "-", "--signature", good, "--secret-file", cli.dir.file("secret")], stdin: Data(body.utf8))
        #expect(again.status == 0 && again.stdout.contains("duplicate"), "\(again)")

        // Kept exactly: the raw event comes back byte for byte on a pipe.
        let raw = try cli.run(["billing", "event", "evt_1TbG48JEe0yY0QKrrgcor0DZ"])
        #expect(raw.stdout == body)
        let disputes = try cli.run(["billing", "disputes"])
        #expect(disputes.stdout.contains("du_1TbG46JEe0yY0QKr8P0G3pa3") && disputes.stdout.contains("22.00 USD"))
        #expect(try cli.run(["billing", "events", "--outcome", "nonsense"]).status == 2)
    }
}
