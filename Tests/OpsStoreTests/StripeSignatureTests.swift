import Crypto
import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// pmops' Stripe-Signature check against Stripe's published vectors and, verdict for verdict,
/// against Stripe's own Python library (Scripts/stripe-oracle.py; `stripe` from PyPI, which
/// Scripts/ensure-deps.sh installs).
@Suite("Stripe signatures")
struct StripeSignatureTests {
    static func hmac(_ key: [UInt8], _ message: [UInt8]) -> String {
        HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)).map { String(format: "%02x", $0) }.joined()
    }

    static func verify(_ payload: [UInt8], _ header: String, _ secret: String, now: Int64, tolerance: Int64 = 300) -> Result<Int64?, StripeSignature.Refusal> {
        StripeSignature.verify(payload: payload, header: header, secret: secret, now: now, tolerance: tolerance, hmacHex: hmac)
    }

    struct Vectors: Decodable {
        struct Vector: Decodable {
            var secret: String
            var timestamp: Int64
            var payload: String
            var header: String
            var expectedV1: String
            var cases: [Case]?
            var malformedHeaders: [String]?
            enum CodingKeys: String, CodingKey {
                case secret, timestamp, payload, header, cases
                case expectedV1 = "expected_v1", malformedHeaders = "malformed_headers_expect_reject"
            }
        }
        struct Case: Decodable {
            var now: Int64
            var tolerance: Int64
            var payloadSuffix: String
            var expect: String
            enum CodingKeys: String, CodingKey { case now, tolerance, expect, payloadSuffix = "payload_suffix" }
        }
        var vectors: [Vector]
    }

    @Test("Stripe's published vectors: the signature, the accept and reject cases, the malformed headers")
    func vectors() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try RepoFiles.root() + "/Docs/samples/stripe/signature-vectors.json"))
        let vectors = try JSONDecoder().decode(Vectors.self, from: data).vectors
        #expect(vectors.count >= 2)
        for vector in vectors {
            let payload = Array(vector.payload.utf8)
            #expect(Self.hmac(Array(vector.secret.utf8), Array("\(vector.timestamp).".utf8) + payload) == vector.expectedV1)
            #expect((try? Self.verify(payload, vector.header, vector.secret, now: vector.timestamp + 100).get()) == vector.timestamp)
            for item in vector.cases ?? [] {
                let result = Self.verify(payload + Array(item.payloadSuffix.utf8), vector.header, vector.secret, now: item.now, tolerance: item.tolerance)
                switch (item.expect, result) {
                case ("valid", .success), ("reject: timestamp outside tolerance", .failure(.stale)), ("reject: no matching v1 signature", .failure(.mismatch)): break
                default: Issue.record("\(item.expect): got \(result)")
                }
            }
            for header in vector.malformedHeaders ?? [] {
                #expect((try? Self.verify(Array("{}".utf8), header, "", now: vector.timestamp).get()) == nil, "\(header)")
                #expect((try? Self.verify(Array("{}".utf8), header, vector.secret, now: vector.timestamp).get()) == nil, "\(header)")
            }
        }
    }

    struct OracleCase: Decodable {
        var payload: String
        var header: String
        var secret: String
        var now: Int64
        var tolerance: Int64
        var kind: Int
        var accept: Bool
        var error: String?
    }

    @Test("600 generated cases: pmops accepts exactly what stripe.WebhookSignature.verify_header accepts")
    func agreesWithStripePython() throws {
        let script = try RepoFiles.root() + "/Scripts/stripe-oracle.py"
        let result = try ChildProcess.run("/usr/bin/env", ["python3", script, "cases", "600", "18"], timeout: 120)
        try #require(result.status == 0, "the stripe Python package must be installed (Scripts/ensure-deps.sh): \(result)")
        let cases = try JSONDecoder().decode([OracleCase].self, from: Data(result.stdout.utf8))
        #expect(cases.count == 600)
        #expect(Set(cases.map(\.kind)).count == 24, "every kind of case was generated")
        #expect(cases.contains { $0.accept } && cases.contains { !$0.accept })
        var disagreements: [String] = []
        for item in cases {
            let payload = Array(try #require(Data(base64Encoded: item.payload)))
            let ours = Self.verify(payload, item.header, item.secret, now: item.now, tolerance: item.tolerance)
            let accepted = (try? ours.get()) != nil
            if accepted != item.accept {
                disagreements.append("kind \(item.kind) header \(String(reflecting: item.header)): Python \(item.accept ? "accepts" : "refuses (\(item.error ?? ""))"), pmops \(ours)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(disagreements.prefix(10).joined(separator: "\n"))")
    }

    @Test("as Python's int(): a timestamp of more than 4,300 digits is unreadable, leading zeros counted, underscores not")
    func timestampDigits() {
        let payload = Array("{}".utf8), secret = "whsec_test", now: Int64 = 1_796_000_000
        let signature = Self.hmac(Array(secret.utf8), Array("\(now).".utf8) + payload)
        let padded = String(repeating: "0", count: StripeSignature.maxTimestampDigits - 10) + "\(now)"
        #expect((try? Self.verify(payload, "t=\(padded),v1=\(signature)", secret, now: now).get()) == now)
        #expect(Self.verify(payload, "t=0\(padded),v1=\(signature)", secret, now: now) == .failure(.unreadable))
        let underscored = padded.map(String.init).joined(separator: "_")
        #expect((try? Self.verify(payload, "t=\(underscored),v1=\(signature)", secret, now: now).get()) == now)
        // A megabyte of zeros is read in linear time (it was quadratic: removeFirst per zero).
        #expect(StripeSignature.parse("t=" + String(repeating: "0", count: 1 << 20)) == nil)
        #expect(StripeSignature.parse("t=" + String(repeating: "0", count: 4_300))?.timestamp == "0")
    }

    @Test("the header splits by code point, as Python's str.split: a combining mark after ',' or '=' does not join items")
    func splitsByCodePoint() {
        let payload = Array("{}".utf8), secret = "whsec_test", now: Int64 = 1_796_000_000
        let signature = Self.hmac(Array(secret.utf8), Array("\(now).".utf8) + payload)
        // Verdicts of stripe 16.1 (verify_header) for the same headers: accept, refuse, refuse.
        #expect((try? Self.verify(payload, "t=\(now),v1=\(signature),\u{301}", secret, now: now).get()) == now)
        #expect(Self.verify(payload, "t=\u{301}1,t=\(now),v1=\(signature)", secret, now: now) == .failure(.unreadable))
        #expect(Self.verify(payload, "t=\(now),v1=\(signature)\u{301}", secret, now: now) == .failure(.mismatch))
    }
}
