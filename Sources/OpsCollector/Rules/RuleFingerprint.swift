import Foundation

/// The stable identity of one alert: FNV-1a 64 of the rule name and its sorted labels, as 16
/// lowercase hex digits. Swift's `Hasher` is seeded per process and CryptoKit is not on
/// Linux; FNV is tiny, deterministic across runs and machines, and 64 bits is ample for the
/// few thousand alerts a fleet has.
public enum RuleFingerprint {
    /// The fingerprint of `rule` with `labels`; label order never matters.
    public static func of(rule: String, labels: [String: String]) -> String {
        var hash = FNV1a64()
        hash.add(rule)
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            hash.add(byte: 0x00)
            hash.add(key)
            hash.add(byte: 0x01)
            hash.add(value)
        }
        return hash.hex
    }

    /// FNV-1a 64 of raw text, exposed so tests can check it against published vectors.
    public static func fnv1a64(_ text: String) -> String {
        var hash = FNV1a64()
        hash.add(text)
        return hash.hex
    }
}

/// The running FNV-1a 64 state.
private struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(byte: UInt8) {
        value ^= UInt64(byte)
        value &*= 0x0000_0100_0000_01b3
    }

    mutating func add(_ text: String) {
        for byte in text.utf8 { add(byte: byte) }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
