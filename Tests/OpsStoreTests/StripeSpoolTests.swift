import Foundation
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// The relay's spool folder: each delivery ingested in its own transaction and moved to
/// done/; refused ones quarantined in refused/ with a reason file, never deleted; a
/// refused permission leaves every file waiting.
@Suite("Stripe spool")
struct StripeSpoolTests {
    static func delivery(_ body: [UInt8], header: String, crlf: Bool = false) -> Data {
        Data(Array("Stripe-Signature: \(header)\(crlf ? "\r\n\r\n" : "\n\n")".utf8) + body)
    }

    @Test("header line and blank line, LF or CRLF; anything else is not a delivery")
    func split() {
        #expect(StripeSpool.split(Array("Stripe-Signature: t=1,v1=a\n\n{}".utf8))?.signature == "t=1,v1=a")
        #expect(StripeSpool.split(Array("stripe-signature:t=1,v1=a\r\n\r\n{}".utf8))?.body == Array("{}".utf8))
        for bad in ["{}", "Stripe-Signature: t=1\n{}", "X: y\n\n{}", ""] { #expect(StripeSpool.split(Array(bad.utf8)) == nil, "\(bad)") }
    }

    @Test("ingested to done/, refused to refused/ with the reason, duplicates recognised, permission stops the pass")
    func pass() throws {
        let f = try BillingStoreTests.fixture()
        let dir = try TemporaryDirectory()
        for sub in ["new", "tmp"] { try FileManager.default.createDirectory(atPath: dir.file(sub), withIntermediateDirectories: true) }
        let paid = try BillingStoreTests.sample("invoice.paid", id: "evt_spool_paid")
        try Self.delivery(paid, header: BillingStoreTests.header(paid, at: f)).write(to: URL(fileURLWithPath: dir.file("new/1")))
        try Self.delivery(paid, header: BillingStoreTests.header(paid, at: f), crlf: true).write(to: URL(fileURLWithPath: dir.file("new/2")))
        try Self.delivery(paid, header: BillingStoreTests.header(paid, at: f, secret: "whsec_forged")).write(to: URL(fileURLWithPath: dir.file("new/3")))
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: dir.file("new/4")))
        let spool = StripeSpool(root: dir.path)

        let denied = opsError { () throws(OpsError) in try spool.receiveAll(into: f.db, secret: BillingStoreTests.secret, as: f.actor("sam")) }
        #expect(denied?.exitCode == 4)
        #expect(FileFacts.files(in: dir.file("new")).count == 4, "a refused permission moves nothing")

        let batch = try spool.receiveAll(into: f.db, secret: BillingStoreTests.secret, as: f.actor("fin"))
        #expect(batch.results.map(\.outcome) == ["applied", "duplicate", "refused", "refused"])
        #expect(batch.failures.isEmpty)
        #expect(FileFacts.files(in: dir.file("new")).isEmpty)
        #expect(FileFacts.files(in: dir.file("done")) == ["1", "2"])
        #expect(FileFacts.files(in: dir.file("refused")) == ["3", "3.reason", "4", "4.reason"])
        let reason = try String(contentsOfFile: dir.file("refused/3.reason"), encoding: .utf8)
        #expect(reason.contains("no v1 signature matches"))
        #expect(try f.db.billingEventRaw("evt_spool_paid", as: f.actor("fin")) == paid)
        #expect(try spool.receiveAll(into: f.db, secret: BillingStoreTests.secret, as: f.actor("fin")).results.isEmpty)
    }
}
