import Foundation

/// Number syntax of the exposition formats. Values follow Go's `ParseFloat` (which wrote
/// most exporters): `NaN`, `+Inf`, `-Inf` in any case, decimals and exponents. Parsing is
/// locale-independent: the console sets the user's locale for ncurses, and a `,` decimal
/// separator must never change what a scrape means.
enum ExpositionNumber {
    /// A sample or exemplar value; nil when the token is not a number.
    static func value(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let first = token.first else { return nil }
        if let integer = smallInteger(token) { return integer }
        let signed = first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
        if first.isASCIILetter || (signed && token.count > 1 && token[1].isASCIILetter) {
            return specialValue(token)
        }
        guard first.isASCIIDigit || signed || first == UInt8(ascii: ".") else { return nil }
        // Double(String) uses the C locale; tokens are short, so this is a small string.
        return Double(String(decoding: token, as: UTF8.self))
    }

    /// A text-format timestamp: integer milliseconds since the epoch.
    static func milliseconds(_ token: UnsafeBufferPointer<UInt8>) -> Date? {
        var i = 0
        var negative = false
        if let first = token.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            i = 1
        }
        guard i < token.count else { return nil }
        var ms: Int64 = 0
        while i < token.count {
            let b = token[i]
            guard b.isASCIIDigit else { return nil }
            let (times, o1) = ms.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(b - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            ms = sum
            i += 1
        }
        return Date(timeIntervalSince1970: Double(negative ? -ms : ms) / 1000)
    }

    /// An OpenMetrics timestamp: seconds since the epoch, fractions and exponents allowed.
    static func seconds(_ token: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let value = value(token), value.isFinite else { return nil }
        return Date(timeIntervalSince1970: value)
    }

    /// Up to 15 digits with an optional sign: exact in a Double, and by far the most
    /// common value shape (counts, zeros, ones), so it skips string building.
    private static func smallInteger(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        var negative = false
        if token[0] == UInt8(ascii: "-") || token[0] == UInt8(ascii: "+") {
            negative = token[0] == UInt8(ascii: "-")
            i = 1
        }
        let digits = token.count - i
        guard digits > 0, digits <= 15 else { return nil }
        var n: Int64 = 0
        while i < token.count {
            let b = token[i]
            guard b.isASCIIDigit else { return nil }
            n = n * 10 + Int64(b - UInt8(ascii: "0"))
            i += 1
        }
        return negative ? -Double(n) : Double(n)
    }

    private static func specialValue(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
        guard token.count <= 9 else { return nil }
        var word = ""
        for b in token { word.unicodeScalars.append(Unicode.Scalar(b | (b.isASCIILetter ? 0x20 : 0))) }
        switch word {
        case "nan", "+nan", "-nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }
}
