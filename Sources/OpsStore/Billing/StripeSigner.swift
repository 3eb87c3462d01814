import Crypto
import Foundation
import OpsCore

/// Signs a body as Stripe signs a webhook delivery (`t=TIMESTAMP,v1=HEX`, HMAC-SHA256 of
/// `TIMESTAMP.BODY` under the endpoint secret). For the demo's and the benchmark's own
/// events; tests check the format against the real `stripe` package (stripe-oracle.py).
public enum StripeSigner {
    public static func header(for body: [UInt8], secret: String, at timestamp: Int64) -> String {
        "t=\(timestamp),v1=" + hmacHex(Array(secret.utf8), Array("\(timestamp).".utf8) + body)
    }

    static func hmacHex(_ key: [UInt8], _ message: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in code {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
