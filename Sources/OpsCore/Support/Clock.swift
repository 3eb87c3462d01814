import Foundation

/// Where "now" comes from. Services take a clock so tests can pin and advance time
/// instead of sleeping.
public protocol Clock: Sendable {
    func now() -> Date
}

public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A settable clock for tests and golden screens.
public final class ManualClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = start }
    public func now() -> Date { lock.withLock { current } }
    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
    public func set(_ date: Date) { lock.withLock { current = date } }
}

/// ISO 8601 UTC timestamps with milliseconds, the one text form of time in the store,
/// JSON output and audit rows ("2026-11-27T15:40:00.123Z").
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = ms - seconds * 1000
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else {
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                          Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(millis))
        }
        // The same text as the format above, without Foundation's formatter (this runs for
        // every audit row and alert change).
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, _ at: Int, _ width: Int) {
            var v = value
            for i in stride(from: at + width - 1, through: at, by: -1) {
                bytes[i] = UInt8(48 + v % 10)
                v /= 10
            }
        }
        put(year, 0, 4); bytes[4] = 0x2D
        put(Int(parts.tm_mon) + 1, 5, 2); bytes[7] = 0x2D
        put(Int(parts.tm_mday), 8, 2); bytes[10] = 0x54
        put(Int(parts.tm_hour), 11, 2); bytes[13] = 0x3A
        put(Int(parts.tm_min), 14, 2); bytes[16] = 0x3A
        put(Int(parts.tm_sec), 17, 2); bytes[19] = 0x2E
        put(Int(millis), 20, 3); bytes[23] = 0x5A
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses the stored form and a few human forms ("2026-11-27", "2026-11-27T15:40:00Z").
    /// Anything before 1970 or after 9999 is nil: no date people type lies there, and
    /// further out the millisecond arithmetic of `format` and the store would overflow.
    public static func parse(_ text: String) -> Date? {
        // The longest accepted form is 29 characters; a 100 KB argument is not a time.
        guard text.utf8.count <= 64 else { return nil }
        if let stored = parseStored(text) { return stored }
        let s = text.trimmingCharacters(in: .whitespaces)
        let formats = ["yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX", "yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mmXXXXX",
                       "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"]
        for format in formats {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = format
            if let d = f.date(from: s) { return InputLimits.times.contains(d) ? d : nil }
        }
        return nil
    }

    /// The stored form exactly ("2026-11-27T15:40:00.123Z"), without a formatter: every
    /// ticket and audit row read goes through here, and building an ICU formatter per call
    /// cost more than the rest of a mail-in transaction. Nil for anything else, which the
    /// formatters above then try.
    public static func parseStored(_ text: String) -> Date? {
        text.utf8.withContiguousStorageIfAvailable { b -> Date? in
            guard b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x2E, b[23] == 0x5A
            else { return nil }
            func number(_ at: Int, _ width: Int) -> Int? {
                var value = 0
                for i in at..<(at + width) {
                    guard (0x30...0x39).contains(b[i]) else { return nil }
                    value = value * 10 + Int(b[i] - 0x30)
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
                  let minute = number(14, 2), let second = number(17, 2), let millis = number(20, 3),
                  (1...12).contains(month), hour < 24, minute < 60, second < 60 else { return nil }
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            guard (1...days).contains(day) else { return nil }
            // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            let epochDays = era * 146_097 + dayOfEra - 719_468
            // As the formatter computes it (milliseconds since 1970 → seconds since 2001), so
            // both paths give the same Date to the bit.
            let totalMillis = Double((epochDays * 86_400 + hour * 3_600 + minute * 60 + second) * 1_000 + millis)
            let date = Date(timeIntervalSinceReferenceDate: totalMillis / 1_000 - 978_307_200)
            return InputLimits.times.contains(date) ? date : nil
        } ?? nil
    }
}
