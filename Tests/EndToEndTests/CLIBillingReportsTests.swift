import Foundation
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// The demo's and the benchmark's signer against Stripe's own library, and the finance
/// reports (`billing dunning --schedule`, `reconcile`, `revenue --csv`) through the binary
/// on events the library signed (issue 18).
@Suite("Billing reports through the CLI")
struct CLIBillingReportsTests {
    @Test("StripeSigner writes the header the stripe package writes, byte for byte")
    func signerMatchesLibrary() throws {
        for (body, secret, t) in [("{\"id\":\"evt_1\"}", "whsec_a", 1_700_000_000), ("{\"name\":\"Zoë 東京\"}", "whsec_" + String(repeating: "9", count: 40), 1)] {
            let library = try CLIBillingTests.sign(body, secret: secret, at: t)
            #expect(StripeSigner.header(for: Array(body.utf8), secret: secret, at: Int64(t)) == library)
        }
    }

    static func event(_ id: String, _ type: String, created: Int, _ object: String) -> String {
        #"{"id":"\#(id)","object":"event","type":"\#(type)","created":\#(created),"livemode":false,"data":{"object":\#(object)}}"#
    }

    @Test("a failed payment in dunning with its schedule; reconcile lists the unpaid charge's mismatch; revenue exports CSV in minor units")
    func reports() throws {
        let cli = try PmopsCLI()
        let secret = "whsec_cli_reports"
        let env = ["PMOPS_STRIPE_WEBHOOK_SECRET": secret]
        let now = Int(Date().timeIntervalSince1970)
        let next = now + 3 * 86_400
        let line = #"{"id":"il_1","amount":3000,"currency":"jpy","proration":false,"period":{"start":\#(now - 86_400),"end":\#(now + 29 * 86_400)}}"#
        let bodies = [
            Self.event("evt_sub", "customer.subscription.created", created: now - 100,
                       #"{"id":"sub_1","object":"subscription","customer":"cus_r","status":"active","items":{"object":"list","data":[{"quantity":1,"price":{"id":"price_1","nickname":"scale","unit_amount":3000,"currency":"jpy"}}]}}"#),
            Self.event("evt_inv", "invoice.payment_failed", created: now - 50,
                       #"{"id":"in_r","object":"invoice","customer":"cus_r","status":"open","currency":"jpy","amount_due":3000,"amount_paid":0,"amount_remaining":3000,"attempt_count":1,"next_payment_attempt":\#(next),"created":\#(now - 86_400),"subscription":"sub_1","lines":{"object":"list","data":[\#(line)]}}"#),
            Self.event("evt_ch", "charge.succeeded", created: now - 10,
                       #"{"id":"ch_r","object":"charge","customer":"cus_r","invoice":"in_r","status":"succeeded","currency":"jpy","amount":3000,"amount_refunded":0,"created":\#(now - 10)}"#),
        ]
        for body in bodies {
            let header = try CLIBillingTests.sign(body, secret: secret, at: now)
            let result = try cli.run(["billing", "ingest", "-", "--signature", header], stdin: Data(body.utf8), env: env)
            #expect(result.status == 0, "\(result)")
        }
        let schedule = try cli.run(["billing", "dunning", "--schedule"])
        #expect(schedule.status == 0 && schedule.stdout.contains("in_r") && schedule.stdout.contains("3,000 JPY")
                && schedule.stdout.contains(String(Timestamp.format(Date(timeIntervalSince1970: TimeInterval(next))).prefix(16))), "\(schedule)")
        let reconcile = try cli.json(["billing", "reconcile", "--since", "7d", "--json"]) as? [String: Any]
        let mismatches = reconcile?["mismatches"] as? [[String: Any]]
        #expect(mismatches?.map { $0["problem"] as? String } == ["charge-for-unpaid-invoice"], "\(String(describing: reconcile))")
        let csv = try cli.run(["billing", "revenue", "--months", "2", "--csv"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("month,plan,currency,exponent,recognised_minor,deferred_minor,recognised,deferred\n"), "\(csv)")
        let rows = csv.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.allSatisfy { $0[1] == "scale" && $0[2] == "jpy" && $0[3] == "0" })
        #expect(rows.reduce(0) { $0 + (Int($1[4]) ?? 0) } + (Int(rows.last?[5] ?? "") ?? 0) == 3_000, "recognised plus what is still deferred is the line")
        #expect(try cli.run(["billing", "revenue", "--csv", "--json"]).status == 2)
        #expect(try cli.run(["billing", "reconcile", "--since", "soon"]).status == 2)
    }
}
