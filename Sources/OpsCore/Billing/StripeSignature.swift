import Foundation

/// Stripe's webhook signature (the `Stripe-Signature` header), checked the way Stripe's own
/// Python library checks it (`stripe.WebhookSignature.verify_header`, stripe 16), so pmops
/// accepts exactly what that verifier accepts. The interop test signs and verifies with the
/// real package and compares every verdict.
///
/// - The header is comma-separated `key=value` items; the first `t` item is the timestamp
///   (a decimal integer, as Python's `int()` reads it: surrounding white space, a sign and
///   `_` between digits allowed); every `v1` item is a candidate signature; other schemes
///   (`v0`, a test-mode signature) are ignored. An item named `t` or `v1` without `=` makes
///   the header unreadable.
/// - The signed message is the timestamp in canonical decimal, `.`, and the raw body, which
///   must be UTF-8. The signature is the lowercase hex HMAC-SHA256 of it under the endpoint
///   secret (the whole `whsec_…` string).
/// - A timestamp more than `tolerance` seconds in the past is refused. One in the future is
///   not (the library does not check it either): it cannot be forged without the secret.
///
/// The HMAC itself comes from the caller (OpsCore is Foundation only; OpsStore has Crypto).
public enum StripeSignature {
    public static let defaultTolerance: Int64 = 300
    /// The most digits a `t=` timestamp may have: Python's `int()` limit (3.11 and later).
    public static let maxTimestampDigits = 4_300

    /// Why a signature was refused: one sentence each.
    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        case noHeader, noSecret, unreadable, noV1, notUTF8, mismatch
        case stale(ageSeconds: Int64, tolerance: Int64)

        public var description: String {
            switch self {
            case .noHeader: "the Stripe-Signature header is empty"
            case .noSecret: "no webhook signing secret is configured"
            case .unreadable: "the Stripe-Signature header has no readable timestamp (t=…)"
            case .noV1: "the Stripe-Signature header has no v1 signature"
            case .notUTF8: "the event body is not valid UTF-8, so its signature cannot be checked"
            case .mismatch: "no v1 signature matches the body signed with the configured secret"
            case let .stale(age, tolerance): "the signature is \(age) s old; the tolerance is \(tolerance) s"
            }
        }
    }

    /// The readable parts of a header.
    public struct Header: Equatable, Sendable {
        /// The timestamp in canonical decimal (no sign for positives, no leading zeros).
        public var timestamp: String
        public var signatures: [String]
    }

    /// Verifies `payload` against `header`. `hmacHex(key, message)` must return the lowercase
    /// hex HMAC-SHA256. `now` is Unix seconds.
    public static func verify(payload: [UInt8], header: String, secret: String, now: Int64,
                              tolerance: Int64 = defaultTolerance,
                              hmacHex: ([UInt8], [UInt8]) -> String) -> Result<Int64?, Refusal> {
        guard String(validating: payload, as: UTF8.self) != nil else { return .failure(.notUTF8) }
        guard !header.isEmpty else { return .failure(.noHeader) }
        guard !secret.unicodeScalars.allSatisfy({ " \t\r\n\u{0C}\u{0B}".unicodeScalars.contains($0) }) else { return .failure(.noSecret) }
        guard let parsed = parse(header) else { return .failure(.unreadable) }
        guard !parsed.signatures.isEmpty else { return .failure(.noV1) }
        let expected = hmacHex(Array(secret.utf8), Array((parsed.timestamp + ".").utf8) + payload)
        var matched = false
        for candidate in parsed.signatures {
            // Python's hmac.compare_digest raises on a non-ASCII str: the library fails there.
            guard candidate.unicodeScalars.allSatisfy(\.isASCII) else { return .failure(.mismatch) }
            if constantTimeEqual(expected, candidate) { matched = true; break }
        }
        guard matched else { return .failure(.mismatch) }
        let timestamp = Int64(parsed.timestamp)
        if tolerance > 0 {
            let stale: Bool
            if let timestamp {
                stale = timestamp < now &- tolerance
            } else {
                stale = parsed.timestamp.hasPrefix("-")  // beyond Int64: only the sign matters
            }
            if stale { return .failure(.stale(ageSeconds: timestamp.map { now &- $0 } ?? Int64.max, tolerance: tolerance)) }
        }
        return .success(timestamp)
    }

    /// The first `t` and every `v1`, or nil when the header cannot be read.
    public static func parse(_ header: String) -> Header? {
        var timestamp: String?
        var signatures: [String] = []
        // Split by code point, as Python's str.split does: by Character, a "," or "=" that a
        // combining mark follows would not split (and "t=…,v1=SIG,\u{301}" would lose SIG).
        for item in header.unicodeScalars.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 2, omittingEmptySubsequences: false)
            let key = parts[0]
            if key.elementsEqual("t".unicodeScalars) {
                guard parts.count > 1 else { return nil }
                if timestamp == nil {
                    guard let value = pythonInt(String(String.UnicodeScalarView(parts[1]))) else { return nil }
                    timestamp = value
                }
            } else if key.elementsEqual("v1".unicodeScalars) {
                guard parts.count > 1 else { return nil }
                signatures.append(String(String.UnicodeScalarView(parts[1])))
            }
        }
        guard let timestamp else { return nil }
        return Header(timestamp: timestamp, signatures: signatures)
    }

    /// Python's `int(text)` for base 10, as canonical decimal text (nil where it raises):
    /// white space around, one sign, Unicode decimal digits, single `_` between digits.
    static func pythonInt(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        var start = 0, end = scalars.count
        while start < end, isPythonSpace(scalars[start]) { start += 1 }
        while end > start, isPythonSpace(scalars[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        var negative = false
        if scalars[start] == "+" || scalars[start] == "-" {
            negative = scalars[start] == "-"
            start += 1
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(end - start)
        var lastWasDigit = false
        for index in start..<end {
            let scalar = scalars[index]
            if scalar == "_" {
                guard lastWasDigit, index + 1 < end else { return nil }
                lastWasDigit = false
                continue
            }
            guard scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue,
                  value >= 0, value <= 9 else { return nil }
            digits.append(UInt8(value) + UInt8(ascii: "0"))
            lastWasDigit = true
        }
        // Python 3.11+ refuses more than 4,300 digits (sys.get_int_max_str_digits()), leading
        // zeros included; it also keeps this linear in the header.
        guard lastWasDigit, digits.count <= maxTimestampDigits else { return nil }
        let significant = digits.firstIndex { $0 != UInt8(ascii: "0") } ?? (digits.count - 1)
        let magnitude = String(decoding: digits[significant...], as: UTF8.self)
        return negative && magnitude != "0" ? "-" + magnitude : magnitude
    }

    /// Python's `str.isspace` for what `int()` strips.
    private static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<min(x.count, y.count) { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
