import Foundation

/// An amount of money as Stripe sends it: an integer in the currency's smallest unit
/// (cents for USD, yen for JPY) and a lowercase ISO 4217 code. Never floating point.
public struct Money: Equatable, Hashable, Sendable, Codable {
    public var minor: Int64
    public var currency: String

    public init(minor: Int64, currency: String) {
        self.minor = minor
        self.currency = currency.lowercased()
    }

    /// Digits after the decimal point. Stripe's zero-decimal currencies (its documentation,
    /// "Zero-decimal currencies") have none; three-decimal ones (BHD, JOD, KWD, OMR, TND)
    /// have three; every other currency two.
    public static func exponent(of currency: String) -> Int {
        let code = currency.lowercased()
        if zeroDecimal.contains(code) { return 0 }
        if threeDecimal.contains(code) { return 3 }
        return 2
    }

    static let zeroDecimal: Set<String> = ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf",
                                           "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]
    static let threeDecimal: Set<String> = ["bhd", "jod", "kwd", "omr", "tnd"]

    /// "12.50 USD", "-1,500 JPY": exact, from the integer, with thousands separators.
    public var formatted: String {
        let exponent = Self.exponent(of: currency)
        let negative = minor < 0
        let magnitude = minor.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<exponent { divisor *= 10 }
        let whole = magnitude / divisor
        let fraction = magnitude % divisor
        var text = Self.grouped(whole)
        if exponent > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: exponent - digits.count) + digits
        }
        return (negative ? "-" : "") + text + " " + currency.uppercased()
    }

    private static func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}

extension Int64 {
    /// Sums of amounts from the outside world: a total past Int64's range sticks at the
    /// bound instead of trapping (a forged 9e18 amount cannot crash a report).
    public func addingSaturating(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}

extension Int64 {
    public mutating func formSaturating(_ other: Int64) { self = addingSaturating(other) }
}
