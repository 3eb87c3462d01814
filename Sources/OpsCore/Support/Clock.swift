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

    /// The stored form `format` writes ("2026-11-27T15:40:00.000Z"), read without a
    /// DateFormatter: every ticket and alert row carries several of these. Nil for any
    /// other text, which then goes through the formatters.
    public static func parseStored(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x2E, b[23] == 0x5A else { return nil }
        func number(_ at: Int, _ width: Int) -> Int? {
            var v = 0
            for i in at..<(at + width) {
                guard (0x30...0x39).contains(b[i]) else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2), let millis = number(20, 3),
              year >= 1970, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        // timegm normalises 31 February into March: such text is not a date.
        guard parts.tm_mday == Int32(day), parts.tm_mon == Int32(month - 1) else { return nil }
        let date = Date(timeIntervalSince1970: TimeInterval(Int64(seconds) * 1000 + Int64(millis)) / 1000)
        return InputLimits.times.contains(date) ? date : nil
    }
}
