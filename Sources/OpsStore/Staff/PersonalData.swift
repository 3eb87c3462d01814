import Crypto
import Foundation

/// How personal data appears in the append-only audit trail: a short SHA-256 fingerprint
/// that shows a value changed (and lets someone holding the value confirm it) without
/// keeping the value itself past its retention date.
enum PersonalData {
    static func fingerprint(_ value: String) -> String {
        let digest = SHA256.hash(data: Data(value.utf8))
        return "sha256:" + digest.prefix(6).map { String(format: "%02x", $0) }.joined()
    }
}
