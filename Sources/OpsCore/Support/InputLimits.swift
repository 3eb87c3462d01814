import Foundation

/// The ranges every number, duration and time a person types must fall in, in one place.
///
/// Values outside them are refused at the edge (exit 2, one sentence) instead of reaching
/// arithmetic that traps: `Int.max` offsets overflow a sum, a `1e308s` age makes an
/// infinite date that cannot be formatted. Commands may narrow a range (a snooze lasts at
/// most 7 days) but never widen it. README "Input ranges" lists them.
public enum InputLimits {
    /// Counts, limits and offsets: 0…1,000,000,000.
    public static let maxCount = 1_000_000_000
    public static let counts: ClosedRange<Int> = 0...maxCount
    /// Durations: at most 100 years (of 365.25 days).
    public static let maxDuration: TimeInterval = 36_525 * 86_400
    /// Times: 1970-01-01T00:00:00.000Z through 9999-12-31T23:59:59.999Z.
    public static let times: ClosedRange<Date> = Date(timeIntervalSince1970: 0)...Date(timeIntervalSince1970: 253_402_300_799.999)

    /// Throws unless `value` lies in `range` (by default `counts`), naming the range.
    public static func count(_ value: Int, field: String, in range: ClosedRange<Int> = counts) throws(OpsError) {
        guard range.contains(value) else {
            throw .invalid(field: field, message: "\(value) is out of range; give \(describe(range)).")
        }
    }

    /// Throws unless `value` is a finite number in `range` (NaN and infinities never are).
    public static func number(_ value: Double, field: String, in range: ClosedRange<Double>) throws(OpsError) {
        guard value.isFinite, range.contains(value) else {
            throw .invalid(field: field, message: "\(value) is out of range; give a number from \(format(range.lowerBound)) to \(format(range.upperBound)).")
        }
    }

    /// A time such as 2026-11-27T10:00:00Z, between 1970 and 9999.
    public static func time(_ text: String, field: String) throws(OpsError) -> Date {
        guard let date = Timestamp.parse(text) else {
            throw .invalid(field: field, message: "\(Printable.excerpt(text)) is not a UTC time between 1970 and 9999 such as 2026-11-28T09:00:00Z.")
        }
        return date
    }

    /// A moment in the past: an age ("7d", "12h": that long before `now`) or a time.
    public static func ago(_ text: String, field: String, now: Date) throws(OpsError) -> Date {
        if let date = Timestamp.parse(text) { return date }
        switch Duration.read(text, bare: .refused) {
        case let .success(seconds): return now.addingTimeInterval(-seconds)
        case .tooLong: throw .invalid(field: field, message: "\(Printable.excerpt(text)) is longer than \(describe(maxDuration)).")
        case .malformed:
            throw .invalid(field: field, message: "\(Printable.excerpt(text)) is neither a time (2026-11-27T10:00Z) nor an age (7d, 12h).")
        }
    }

    /// A moment ahead: a duration from `now` (more than zero, at most `maximum`) or a time.
    public static func ahead(_ text: String, field: String, now: Date, maximum: TimeInterval = maxDuration) throws(OpsError) -> Date {
        if let date = Timestamp.parse(text) { return date }
        switch Duration.read(text, bare: .refused) {
        case .success:
            return now.addingTimeInterval(try Duration.parse(text, field: field, positive: true, maximum: maximum))
        case .tooLong: throw .invalid(field: field, message: "\(Printable.excerpt(text)) is longer than \(describe(maximum)).")
        case .malformed:
            throw .invalid(field: field, message: "\(Printable.excerpt(text)) is neither a duration (30m, 2h, 1d) nor a UTC time (2026-11-28T09:00:00Z).")
        }
    }

    /// "1 to 100000" for a range, with thousands written out as digits.
    public static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "at least \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
    }

    /// "100 years", "7 days", "90 days", "5 minutes" for a limit.
    public static func describe(_ seconds: TimeInterval) -> String {
        if seconds >= maxDuration { return "100 years" }
        for (unit, size) in [("day", 86_400.0), ("hour", 3_600.0), ("minute", 60.0)] where seconds >= size && seconds.truncatingRemainder(dividingBy: size) == 0 {
            let n = Int(seconds / size)
            return "\(n) \(unit)\(n == 1 ? "" : "s")"
        }
        return "\(format(seconds)) seconds"
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

extension InputLimits {
    /// A frame size written WIDTHxHEIGHT ("120x40"), each side within its range.
    public static func size(_ text: String, field: String, widths: ClosedRange<Int>, heights: ClosedRange<Int>) throws(OpsError) -> (width: Int, height: Int) {
        let parts = text.utf8.count <= 32 ? text.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) } : []
        guard parts.count == 2, let width = parts[0], let height = parts[1], widths.contains(width), heights.contains(height) else {
            throw .invalid(field: field, message: "\(Printable.excerpt(text)) is not a size WIDTHxHEIGHT with a width of \(describe(widths)) and a height of \(describe(heights)).")
        }
        return (width, height)
    }
}
