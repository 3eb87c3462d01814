import Foundation

/// Byte-level decoders for mail: content transfer encodings and the charsets the gateway
/// reads. Lenient like mail readers are: stray characters are skipped, bad escapes kept.
public enum MailDecoding {
    // MARK: - Charsets

    /// Text from bytes in a charset; an unknown charset reads as UTF-8, and bytes a
    /// charset cannot map become U+FFFD (as Python's `errors="replace"` does).
    public static func text(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        switch normalizedCharset(charset) {
        case "us-ascii":
            return String(String.UnicodeScalarView(bytes.map { $0 < 0x80 ? Unicode.Scalar($0) : "\u{FFFD}" }))
        case "iso-8859-1":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case "windows-1252":
            return String(String.UnicodeScalarView(bytes.map(cp1252)))
        default:
            return String(decoding: Array(bytes), as: UTF8.self)
        }
    }

    /// The canonical name of a charset label we read, or the lowercased label.
    static func normalizedCharset(_ label: String?) -> String {
        guard var name = label?.lowercased().trimmingCharacters(in: .whitespaces) else { return "us-ascii" }
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
        switch name {
        case "ascii", "us-ascii", "ansi_x3.4-1968", "646", "us": return "us-ascii"
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "iso-ir-100", "cp819": return "iso-8859-1"
        case "windows-1252", "cp1252", "win-1252", "x-cp1252": return "windows-1252"
        case "utf-8", "utf8": return "utf-8"
        default: return name
        }
    }

    /// The bytes 0x80–0x9F of windows-1252; 0 marks the five it leaves undefined.
    private static let cp1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    private static func cp1252(_ byte: UInt8) -> Unicode.Scalar {
        guard (0x80...0x9F).contains(byte) else { return Unicode.Scalar(byte) }
        let value = cp1252High[Int(byte - 0x80)]
        return value == 0 ? "\u{FFFD}" : Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    // MARK: - Transfer encodings

    /// Decodes a body by its `Content-Transfer-Encoding` (7bit, 8bit and binary pass through).
    public static func body(_ bytes: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding?.lowercased().trimmingCharacters(in: .whitespaces) {
        case "base64": base64(bytes)
        case "quoted-printable": quotedPrintable(bytes, header: false)
        default: Array(bytes)
        }
    }

    /// Base64, skipping anything outside the alphabet and stopping at padding; a short
    /// last group yields the bytes it holds.
    public static func base64(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="):
                if bits == 0 { continue }
                bits = 0
                accumulator = 0
                continue
            default: continue
            }
            accumulator = (accumulator << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }

    /// Quoted-printable: `=XX` escapes, `=` at a line end joins lines; in a header (RFC
    /// 2047 Q) `_` is a space. A malformed escape is kept as written.
    public static func quotedPrintable(_ bytes: some Collection<UInt8>, header: Bool) -> [UInt8] {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            let byte = input[i]
            if byte == UInt8(ascii: "=") {
                if i + 2 < input.count, input[i + 1] == 0x0D, input[i + 2] == 0x0A { i += 3; continue }
                if i + 1 < input.count, input[i + 1] == 0x0A { i += 2; continue }
                if i + 1 == input.count { i += 1; continue }
                if i + 2 < input.count, let high = hexValue(input[i + 1]), let low = hexValue(input[i + 2]) {
                    out.append(high << 4 | low)
                    i += 3
                    continue
                }
                out.append(byte)
            } else if header && byte == UInt8(ascii: "_") {
                out.append(0x20)
            } else {
                out.append(byte)
            }
            i += 1
        }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
