import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// Ticket numbers, categories, priorities, routing, customers and field rules.
@Suite("Ticket values")
struct TicketValuesTests {
    @Test("ticket numbers as typed and as tagged in subjects")
    func numbers() {
        #expect(TicketNumber(text: "ESC-1042")?.rawValue == 1_042)
        #expect(TicketNumber(text: "esc-1042")?.rawValue == 1_042)
        #expect(TicketNumber(text: " 1042 ")?.rawValue == 1_042)
        for bad in ["", "ESC-", "ESC-0", "ESC--1", "ESC-12a", "ESC-1234567890", "١٢", "ESC-+5"] {
            #expect(TicketNumber(text: bad) == nil, "\(bad)")
        }
        #expect(TicketNumber(1_042).subjectTag == "[ESC-1042]")
        #expect(TicketNumber.tag(in: "Re: [ESC-1042] Bounces to Gmail") == TicketNumber(1_042))
        #expect(TicketNumber.tag(in: "RE: AW: [External] [esc-77] x") == TicketNumber(77))
        #expect(TicketNumber.tag(in: "[ESC-] [ESC-x] [ESC-12") == nil)
        #expect(TicketNumber.tag(in: "no tag") == nil)
        #expect(opsError { () throws(OpsError) in try TicketNumber.parse("x") } == .invalid(field: "ticket", message: "'x' is not a ticket number; write it as ESC-1042."))
    }

    @Test("categories by name and alias", arguments: [("deliverability", TicketCategory.deliverability), ("SMTP", .sending), ("dns/authentication", .dns),
                                                      ("billing dispute", .billingDispute), ("billing_dispute", .billingDispute), ("Refund", .refund),
                                                      ("account access", .accountAccess), ("api", .api), ("security", .security), ("other", .other)])
    func categories(text: String, category: TicketCategory) {
        #expect(TicketCategory(name: text) == category)
    }

    @Test("an unknown category lists them all")
    func unknownCategory() {
        #expect(opsError { () throws(OpsError) in try TicketCategory.parse("gmail") }
            == .invalid(field: "category", message: "'gmail' is not a category; categories are deliverability, sending, dns, api, account-access, billing-dispute, refund, security, other."))
    }

    @Test("priorities", arguments: [("P1", TicketPriority?.some(.p1)), ("p4", .p4), ("2", .p2), ("P5", nil), ("P0", nil), ("PP1", nil), ("", nil), ("P12", nil)])
    func priorities(text: String, priority: TicketPriority?) {
        #expect(TicketPriority(name: text) == priority)
    }

    @Test("routing: the defaults, a file over them, and every bad line at once")
    func routing() throws {
        #expect(TicketRouting.standard.team(for: .billingDispute) == "finance")
        #expect(TicketRouting.standard.team(for: .refund) == "finance")
        #expect(TicketRouting.standard.team(for: .security) == "security")
        #expect(TicketRouting.standard.team(for: .deliverability) == "ops")
        #expect(TicketRouting.standard.team(for: .accountAccess) == "support")
        let routing = try TicketRouting.parse("# who owns what\nroute api  integrations\n\nroute Refund billing # money\n")
        #expect(routing.team(for: .api) == "integrations")
        #expect(routing.team(for: .refund) == "billing")
        #expect(routing.team(for: .security) == "security")
        let error = opsError { () throws(OpsError) in try TicketRouting.parse("route api\nroute gmail ops\nroute api x\nroute api y\nroute dns Ops Team") }
        #expect(error?.fieldErrors.map(\.field) == ["ticket-routing:1", "ticket-routing:2", "ticket-routing:4", "ticket-routing:5"])
        #expect(error?.fieldErrors.map(\.message)[2] == "api is routed twice.")
    }

    @Test("customer records: every problem under its field")
    func customers() {
        let ok = Customer(id: "acme-mail", name: "Acme Mail GmbH", plan: .growth, status: .active, successManager: "dana",
                          contacts: [CustomerContact(name: "Jo Ops", email: "jo@acme.example")], created: Date(timeIntervalSince1970: 0))
        #expect(CustomerValidation.check(ok).isEmpty)
        #expect(ok.contact(email: "JO@acme.example")?.name == "Jo Ops")
        var bad = ok
        bad.id = "-Acme"
        bad.name = "evil\u{202E}name"
        bad.successManager = "Dana"
        bad.contacts = [CustomerContact(name: "", email: "jo@acme.example"), CustomerContact(name: "x", email: "JO@acme.example"),
                        CustomerContact(name: "y", email: "nobody")]
        #expect(CustomerValidation.check(bad).map(\.field) == ["id", "name", "success_manager", "contacts[2].email", "contacts[3].email"])
        #expect(CustomerValidation.plan("Enterprise") == .success(.enterprise))
        #expect(CustomerValidation.status("gone") == .failure(FieldError(field: "status", message: "'gone' is not a customer status; statuses are trial, active, suspended, churned.")))
    }

    @Test("titles, bodies (1 MiB cap, stated), summaries and vendors")
    func fields() throws {
        #expect(try TicketValidation.title("  Bounces to Gmail since 09:00 ") == "Bounces to Gmail since 09:00")
        #expect(opsError { () throws(OpsError) in try TicketValidation.title("a\nb") } == .invalid(field: "title", message: "the title must be one line."))
        #expect(opsError { () throws(OpsError) in try TicketValidation.title("a\u{0}b") }?.exitCode == 2)
        let body = "\u{1B}[31mred\u{202E} kept exactly"
        #expect(try TicketValidation.body(body) == body)
        let big = String(repeating: "x", count: TicketValidation.maxBodyBytes + 1)
        #expect(opsError { () throws(OpsError) in try TicketValidation.body(big) }
            == .invalid(field: "body", message: "the body is 1048577 bytes; the limit is 1 MiB (1048576 bytes)."))
        #expect(try TicketValidation.body(String(big.dropLast())).utf8.count == TicketValidation.maxBodyBytes)
        #expect(opsError { () throws(OpsError) in try TicketValidation.summary(nil) } == .invalid(field: "summary", message: "resolving needs a resolution summary (--summary)."))
        #expect(opsError { () throws(OpsError) in try TicketValidation.summary(" \n") }?.exitCode == 2)
        #expect(try TicketValidation.vendor(" Gmail Postmaster ") == "Gmail Postmaster")
        #expect(opsError { () throws(OpsError) in try TicketValidation.vendor(nil) } == .invalid(field: "vendor", message: "waiting on a vendor needs the vendor's name (--vendor)."))
    }

    @Test("a CSAT rating in a reply's first line", arguments: [("5", Int?.some(5)), ("4 thanks, all good", 4), ("\n\n  3\nmore", 3), ("1!", 1), ("5/5", 5),
                                                               ("5.", 5), ("4.5", nil), ("6", nil), ("0", nil), ("45", nil), ("Thanks! 5", nil), ("", nil),
                                                               ("５", nil)])
    func csatReply(body: String, rating: Int?) {
        #expect(TicketValidation.csat(inReply: body) == rating)
    }

    @Test("a recorded rating is 1 to 5")
    func csatValue() {
        #expect(opsError { () throws(OpsError) in try TicketValidation.csat(6) }
            == .invalid(field: "csat", message: "6 is not a rating; give 1 (poor) to 5 (excellent)."))
    }
}
