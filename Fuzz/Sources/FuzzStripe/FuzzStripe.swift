import Foundation
import FuzzSupport
import OpsCore

/// Stripe webhook deliveries (`pmops billing ingest`, the spool): the first byte picks the
/// event reader (even) or the `Stripe-Signature` header (odd).
/// - Event: only an input over `StripeEvent.maxBytes` is too large; every refusal names an
///   `event…` field; an accepted event has an id and a type of 1…255 bytes, reads the same
///   twice, and reads the same again after `JSONSerialization` writes its JSON back.
/// - Header: a parsed timestamp is canonical decimal of at most 4,300 digits; the header
///   rebuilt from what was parsed parses to the same; `verify` accepts only a header that
///   parses with a matching `v1`, and always accepts the body signed with a fresh timestamp
///   when the body is UTF-8 (the HMAC is a stand-in: the verifier's logic is fuzzed, not SHA-256).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStripe(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let all = Fuzz.bytes(start, count)
    guard let selector = all.first else { return 0 }
    let rest = Array(all.dropFirst())
    if selector % 2 == 0 { event(rest) } else { header(rest) }
    return 0
}

private func event(_ bytes: [UInt8]) {
    let parsed: StripeEvent
    do { parsed = try StripeEvent.parse(bytes) } catch {
        let fields = error.fieldErrors
        Fuzz.check(fields.count == 1 && fields[0].field.hasPrefix("event"), "a refusal without an event field: \(error)")
        Fuzz.check(!error.description.contains("limit is 1 MiB") || bytes.count > StripeEvent.maxBytes, "too large under the cap")
        return
    }
    Fuzz.check(!parsed.id.isEmpty && parsed.id.utf8.count <= 255, "an event id outside 1…255 bytes")
    Fuzz.check(!parsed.type.isEmpty && parsed.type.utf8.count <= 255, "an event type outside 1…255 bytes")
    Fuzz.check((try? StripeEvent.parse(bytes)) == parsed, "the event reads differently the second time")
    guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)),
          let again = try? JSONSerialization.data(withJSONObject: object), again.count <= StripeEvent.maxBytes else { return }
    let reread = try? StripeEvent.parse(Array(again))
    Fuzz.check(reread == parsed, "the event written back by JSONSerialization reads differently: \(String(describing: reread)) vs \(parsed)")
}

/// A stand-in for HMAC-SHA256: FNV-1a of key and message, as 64 hex digits.
private func hmacHex(_ key: [UInt8], _ message: [UInt8]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in key + [0] + message { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return String(repeating: String(hash, radix: 16), count: 4)
}

private func header(_ bytes: [UInt8]) {
    // The body after the first newline, the header before it (as the spool file has them).
    let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
    let text = String(decoding: bytes[..<newline], as: UTF8.self)
    let payload = newline < bytes.count ? Array(bytes[(newline + 1)...]) : Array("{}".utf8)
    let now: Int64 = 1_796_000_000
    let secret = "whsec_fuzz"
    let parsed = StripeSignature.parse(text)
    if let parsed {
        let digits = parsed.timestamp.hasPrefix("-") ? parsed.timestamp.dropFirst() : Substring(parsed.timestamp)
        Fuzz.check(!digits.isEmpty && digits.count <= StripeSignature.maxTimestampDigits && digits.allSatisfy(\.isASCII)
                   && digits.allSatisfy(\.isNumber) && (digits == "0" || !digits.hasPrefix("0")) && parsed.timestamp != "-0",
                   "the timestamp \(parsed.timestamp) is not canonical decimal")
        let rebuilt = (["t=" + parsed.timestamp] + parsed.signatures.map { "v1=" + $0 }).joined(separator: ",")
        Fuzz.check(StripeSignature.parse(rebuilt) == parsed, "the header rebuilt from its parts parses differently: \(rebuilt)")
    }
    switch StripeSignature.verify(payload: payload, header: text, secret: secret, now: now, hmacHex: hmacHex) {
    case .success:
        let expected = parsed.map { hmacHex(Array(secret.utf8), Array(($0.timestamp + ".").utf8) + payload) }
        Fuzz.check(expected.map { parsed?.signatures.contains($0) ?? false } ?? false, "a header without a matching v1 was accepted")
    case let .failure(refusal):
        Fuzz.check(!refusal.description.isEmpty, "a refusal without a reason")
        if case .unreadable = refusal { Fuzz.check(parsed == nil, "a readable header was called unreadable") }
    }
    let signed = "t=\(now),v1=" + hmacHex(Array(secret.utf8), Array("\(now).".utf8) + payload)
    let fresh = StripeSignature.verify(payload: payload, header: signed, secret: secret, now: now, hmacHex: hmacHex)
    let utf8 = String(validating: payload, as: UTF8.self) != nil
    Fuzz.check(utf8 ? (try? fresh.get()) == now : fresh == .failure(.notUTF8), "a freshly signed body: \(fresh)")
}

@_cdecl("FuzzStripe_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzStripe)
}
