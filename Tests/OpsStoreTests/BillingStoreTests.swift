import Crypto
import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// Stripe events into the store: verified first, kept raw and exact, idempotent by event id,
/// tolerant of order, one transaction with its audit row; disputes become finance tickets.
@Suite("Billing store")
struct BillingStoreTests {
    static let secret = "whsec_billing_store_test"

    static func fixture() throws -> StoreFixture {
        let f = try StoreFixture()
        f.clock.set(Timestamp.parse("2026-12-07T09:00Z") ?? Date())
        try f.add("fin", [.finance])
        try f.add("sam", [.support])
        _ = try f.db.importCustomers([Customer(id: "acme", name: "Acme", plan: .growth, status: .active, successManager: nil,
                                               contacts: [CustomerContact(name: "Jo", email: "billing@acme.example")],
                                               created: Date(timeIntervalSince1970: 1_790_000_000))], as: f.boss)
        return f
    }

    /// A shared sample with its event id (zeroed in the stripe-ruby-mock files) made unique.
    static func sample(_ name: String, id: String? = nil, replacing: [(String, String)] = []) throws -> [UInt8] {
        var text = try String(contentsOfFile: try RepoFiles.root() + "/Docs/samples/stripe/\(name).json", encoding: .utf8)
        if let id { text = text.replacingOccurrences(of: "\"evt_000000000000000000000000\"", with: "\"\(id)\"") }
        for (from, to) in replacing { text = text.replacingOccurrences(of: from, with: to) }
        return Array(text.utf8)
    }

    static func header(_ body: [UInt8], at f: StoreFixture, secret: String = secret, offset: Int64 = 0) -> String {
        let t = Int64(f.clock.now().timeIntervalSince1970) + offset
        return "t=\(t),v1=" + StripeSignatureTests.hmac(Array(secret.utf8), Array("\(t).".utf8) + body)
    }

    static func ingest(_ f: StoreFixture, _ body: [UInt8], as login: String = "fin") throws(OpsError) -> BillingIngestResult {
        try f.db.ingestBillingEvent(body, signature: header(body, at: f), secret: secret, as: f.actor(login))
    }

    static func count(_ f: StoreFixture, _ table: String) throws -> Int {
        try f.db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    @Test("a refused signature stores nothing and audits nothing; wrong secret, stale, tampered")
    func refused() throws {
        let f = try Self.fixture()
        let body = try Self.sample("invoice.paid", id: "evt_a")
        let audit = try f.auditCount()
        let cases: [(String, [UInt8])] = [
            (Self.header(body, at: f, secret: "whsec_other"), body),
            (Self.header(body, at: f, offset: -301), body),
            (Self.header(body, at: f), body + [0x20]),
            ("", body),
        ]
        for (header, payload) in cases {
            let error = opsError { () throws(OpsError) in try f.db.ingestBillingEvent(payload, signature: header, secret: Self.secret, as: f.actor("fin")) }
            #expect(error?.exitCode == 4, "\(String(describing: error))")
            #expect(error?.description.contains("nothing was stored") == true)
        }
        #expect(try Self.count(f, "billing_event") == 0 && Self.count(f, "billing_invoice") == 0)
        #expect(try f.auditCount() == audit)
        // A signature 300 s old is still in tolerance.
        _ = try f.db.ingestBillingEvent(body, signature: Self.header(body, at: f, offset: -300), secret: Self.secret, as: f.actor("fin"))
    }

    @Test("kept raw and exact, idempotent by event id, audited once")
    func idempotent() throws {
        let f = try Self.fixture()
        let body = try Self.sample("invoice.paid", id: "evt_paid")
        let audit = try f.auditCount()
        #expect(try Self.ingest(f, body).outcome == "applied")
        #expect(try Self.ingest(f, body).outcome == "duplicate")
        #expect(try f.auditCount() == audit + 1)
        #expect(try f.db.billingEventRaw("evt_paid", as: f.actor("fin")) == body)
        #expect(try Self.count(f, "billing_invoice") == 1 && Self.count(f, "billing_invoice_line") >= 1)
    }

    @Test("out of order: an older failure does not reopen a paid invoice")
    func outOfOrder() throws {
        let f = try Self.fixture()
        #expect(try Self.ingest(f, try Self.sample("invoice.paid", id: "evt_paid")).outcome == "applied")
        #expect(try Self.ingest(f, try Self.sample("invoice.payment_failed", id: "evt_failed")).outcome == "superseded")
        let status = try f.db.read { db in try String.fetchOne(db, sql: "SELECT status FROM billing_invoice") }
        #expect(status == "paid")
        #expect(try f.db.dunning(as: f.actor("fin")).isEmpty)
        // In order, the failure puts the customer in dunning until the payment arrives.
        let g = try Self.fixture()
        _ = try Self.ingest(g, try Self.sample("invoice.payment_failed", id: "evt_failed"))
        let dunning = try g.db.dunning(as: g.actor("fin"))
        #expect(dunning.map(\.standing) == ["suspend"] && dunning.first?.owed == ["20.00 USD"])
        _ = try Self.ingest(g, try Self.sample("invoice.paid", id: "evt_paid"))
        #expect(try g.db.dunning(as: g.actor("fin")).isEmpty)
    }

    @Test("an unknown type is kept raw and listed; JPY amounts stay exact")
    func unknownAndJPY() throws {
        let f = try Self.fixture()
        let payout = Array(#"{"object":"event","id":"evt_payout","type":"payout.paid","created":1700000000,"data":{"object":{"object":"payout","id":"po_1"}}}"#.utf8)
        #expect(try Self.ingest(f, payout).outcome == "unmodelled")
        #expect(try f.db.billingEvents(outcome: "unmodelled", as: f.actor("fin")).map(\.id) == ["evt_payout"])
        let yen = try Self.sample("invoice.payment_failed", id: "evt_yen", replacing: [("\"usd\"", "\"jpy\""), ("in_000000000000000000000000", "in_yen")])
        _ = try Self.ingest(f, yen)
        #expect(try f.db.dunning(as: f.actor("fin")).first?.owed == ["2,000 JPY"])
    }

    @Test("unmatched until linked; a linked dispute opens a finance ticket, once")
    func unmatchedAndDisputes() throws {
        let f = try Self.fixture()
        _ = try Self.ingest(f, try Self.sample("charge.failed", replacing: [("\"customer\": null", "\"customer\": \"cus_acme\""),
                                                                          ("\"id\": \"ch_3TbGfyJEe0yY0QKr0Nh9uVjd\"", "\"id\": \"ch_3TbG44JEe0yY0QKr0aPnlMSQ\"")]))
        let dispute = try Self.ingest(f, try Self.sample("charge.dispute.created"))
        #expect(dispute.stripeCustomer == "cus_acme" && dispute.customer == nil && dispute.ticket == nil)
        #expect(try f.db.billingEvents(unmatched: true, as: f.actor("fin")).count == 2)
        let opened = try f.db.linkBillingCustomer("cus_acme", to: "acme", as: f.actor("fin"))
        #expect(opened.count == 1)
        let ticket = try f.db.ticket(try #require(opened.first), as: f.actor("fin")).ticket
        #expect(ticket.category == .billingDispute && ticket.team == "finance" && ticket.customerID == "acme")
        #expect(try f.db.billingEvents(unmatched: true, as: f.actor("fin")).isEmpty)
        #expect(try f.db.linkBillingCustomer("cus_acme", to: "acme", as: f.actor("fin")).isEmpty)
        // The dispute's later events update it and keep its ticket.
        _ = try Self.ingest(f, try Self.sample("charge.dispute.closed"))
        let stored = try f.db.disputes(as: f.actor("fin"))
        #expect(stored.map(\.status) == ["lost"] && stored.first?.ticket == ticket.number.description)
    }

    @Test("an invoice's email matches a directory contact: linked automatically")
    func autoLink() throws {
        let f = try Self.fixture()
        let body = try Self.sample("invoice.payment_failed", id: "evt_mail", replacing: [("\"customer_email\": null", "\"customer_email\": \"BILLING@acme.example\"")])
        #expect(try Self.ingest(f, body).customer == "acme")
        #expect(try f.db.dunning(as: f.actor("fin")).first?.customer == "acme")
    }

    @Test("support may not ingest or read billing; finance may")
    func permissions() throws {
        let f = try Self.fixture()
        let body = try Self.sample("invoice.paid", id: "evt_p")
        #expect(opsError { () throws(OpsError) in try Self.ingest(f, body, as: "sam") }?.exitCode == 4)
        #expect(opsError { () throws(OpsError) in try f.db.dunning(as: f.actor("sam")) }?.exitCode == 4)
        #expect(try Self.count(f, "billing_event") == 0)
        _ = try Self.ingest(f, body)
    }
}
