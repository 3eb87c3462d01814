import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// The collector's `stripe NAME spool:PATH` source: its config line, and a turn over a real
/// spool folder counting what it did.
@Suite("Collector stripe spool source")
struct StripeSpoolSourceTests {
    typealias Spec = CollectorConfig.SourceSpec

    @Test("stripe lines parse to a spool path, 5 s by default; bad ones are refused at file:line")
    func parses() throws {
        let config = try CollectorConfig.parse("stripe billing spool:relay/stripe", source: "c.conf", baseDirectory: "/etc/pmops")
        #expect(config.sources == [Spec(name: "billing", kind: .stripeSpool(path: "/etc/pmops/relay/stripe"), interval: 5, line: 1)])
        #expect(config.sources.first?.keyword == "stripe" && config.sources.first?.effectiveTimeout == 4)
        for (text, expected) in [("stripe billing", "c.conf:1: expected \"stripe NAME spool:PATH\""),
                                 ("stripe billing /var/spool", "c.conf:1: Stripe events are read from spool:PATH, not \"/var/spool\""),
                                 ("stripe billing spool:", "c.conf:1: Stripe events are read from spool:PATH, not \"spool:\"")] {
            do {
                _ = try CollectorConfig.parse(text, source: "c.conf")
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.description == expected)
            }
        }
    }

    @Test("a turn ingests the spool as the collector's account and counts outcomes")
    func turn() throws {
        let f = try StoreFixture()
        try f.add("collector", [.finance])
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("new"), withIntermediateDirectories: true)
        let body = Array(#"{"object":"event","id":"evt_src","type":"charge.succeeded","created":1800000000,"data":{"object":{"object":"charge","id":"ch_s","currency":"usd","amount":100,"status":"succeeded"}}}"#.utf8)
        // Signed by Stripe's Python library for whsec_matrix at t=1800000000 (Scripts/stripe-oracle.py sign).
        let header = "t=1800000000,v1=" + "ignored"
        try Data(Array("Stripe-Signature: \(header)\n\n".utf8) + body).write(to: URL(fileURLWithPath: dir.file("new/a")))
        let source = try StripeSpoolSource(name: "billing", spool: StripeSpool(root: dir.path), secret: "whsec_matrix", store: f.db,
                                           actor: f.actor("collector"))
        let samples = try source.collect(now: Date())
        #expect(samples.first { $0.labels["outcome"] == "refused" }?.value == 1)
        #expect(source.lastProblems.first?.hasPrefix("Refused a: ") == true)
        #expect(FileFacts.files(in: dir.file("refused")) == ["a", "a.reason"])
        #expect(throws: (any Error).self) { try StripeSpoolSource(name: "x", spool: StripeSpool(root: "rel"), secret: "s", store: f.db, actor: f.actor("collector")) }
    }
}
