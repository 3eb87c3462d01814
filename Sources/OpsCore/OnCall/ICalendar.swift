import Foundation

/// RFC 5545 iCalendar: the final schedule as a feed people subscribe to, and overrides read
/// back from a calendar export. Times are written in UTC ("…Z"), so no VTIMEZONE is needed
/// and every client shows the same instants.
public enum ICalendar {
    /// One VEVENT per shift with someone on call.
    public static func export(_ shifts: [OnCallShift], schedule: String, stamp: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//PenguinOps//pmops oncall//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:\(text("On call: \(schedule)"))"]
        for shift in shifts {
            guard let login = shift.login else { continue }
            let start = utc(shift.start)
            lines += ["BEGIN:VEVENT",
                      "UID:\(schedule)-\(start)-\(login)@pmops",
                      "DTSTAMP:\(utc(stamp))",
                      "DTSTART:\(start)",
                      "DTEND:\(utc(shift.end))",
                      "SUMMARY:\(text("On call: \(login) (\(schedule))"))"]
            if let covering = shift.covering { lines.append("DESCRIPTION:\(text("\(login) covers \(covering)"))") }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// 20261207T150000Z.
    public static func utc(_ date: Date) -> String {
        let s = Timestamp.format(date)
        let digits = s.prefix(19).filter { $0 != "-" && $0 != ":" }
        return digits + "Z"
    }

    /// TEXT escaping (RFC 5545 3.3.11).
    static func text(_ value: String) -> String {
        var out = ""
        for ch in value {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Lines longer than 75 octets continue on the next line after a space.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = "", count = 0
        for ch in line {
            let n = String(ch).utf8.count
            if count + n > 75 { out += "\r\n "; count = 1 }
            out.append(ch)
            count += n
        }
        return out
    }

    // MARK: - Import

    /// An override read from a calendar: SUMMARY "COVERING covers COVERED", DTSTART and
    /// DTEND in UTC or with a TZID.
    public struct ImportedOverride: Sendable, Equatable {
        public var covering: String
        public var covered: String
        public var start: Date
        public var end: Date
        public var line: Int
    }

    public static let maxBytes = 4_194_304
    /// The most VEVENTs one import reads (each becomes an override row).
    public static let maxEvents = 10_000

    /// Every problem as "file:line"; nothing is returned unless every event reads.
    public static func importOverrides(_ content: String, file: String) throws(OpsError) -> [ImportedOverride] {
        guard content.utf8.count <= maxBytes else { throw .invalid(field: file, message: "the calendar is over \(maxBytes) bytes.") }
        // Unfold: a line starting with a space or tab continues the previous one.
        var lines: [(Int, String)] = []
        for (i, raw) in content.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !lines.isEmpty {
                lines[lines.count - 1].1 += line.dropFirst()
            } else if !line.isEmpty {
                lines.append((i + 1, line))
            }
        }
        var errors: [FieldError] = []
        var out: [ImportedOverride] = []
        var event: [String: (params: String, value: String)]?
        var eventLine = 0
        var events = 0
        for (number, line) in lines {
            if line.unicodeScalars.contains(where: { Printable.isForbidden($0) && $0 != "\t" }) {
                errors.append(FieldError(field: "\(file):\(number)", message: "the line contains control or escape characters.")); continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                errors.append(FieldError(field: "\(file):\(number)", message: "not a NAME:VALUE content line.")); continue
            }
            let head = line[..<colon], value = String(line[line.index(after: colon)...])
            let name = head.split(separator: ";", maxSplits: 1).first.map { $0.uppercased() } ?? ""
            let params = head.contains(";") ? String(head[head.index(after: head.firstIndex(of: ";") ?? head.startIndex)...]) : ""
            if name == "BEGIN", value.uppercased() == "VEVENT" {
                events += 1
                guard events <= maxEvents else {
                    throw .invalid(field: "\(file):\(number)", message: "the calendar holds more than \(maxEvents) events; import it in parts.")
                }
                event = [:]; eventLine = number; continue
            }
            if name == "END", value.uppercased() == "VEVENT", let fields = event {
                event = nil
                switch override(fields) {
                case let .success(o): out.append(ImportedOverride(covering: o.0, covered: o.1, start: o.2, end: o.3, line: eventLine))
                case let .failure(p): errors.append(FieldError(field: "\(file):\(eventLine)", message: p.message))
                }
                continue
            }
            if event != nil, event?[name] == nil { event?[name] = (params, value) }
        }
        if out.isEmpty, errors.isEmpty { errors.append(FieldError(field: file, message: "the calendar holds no VEVENT.")) }
        if !errors.isEmpty { throw .invalidFields(errors) }
        return out
    }

    static func override(_ fields: [String: (params: String, value: String)]) -> Result<(String, String, Date, Date), OnCallSchedule.Problem> {
        guard let summary = fields["SUMMARY"]?.value else { return .failure(.init(message: "the event has no SUMMARY (write: COVERING covers COVERED).")) }
        let words = summary.split(separator: " ").map(String.init)
        guard words.count == 3, words[1].lowercased() == "covers", StaffValidation.login(words[0]) == nil, StaffValidation.login(words[2]) == nil else {
            return .failure(.init(message: "the SUMMARY \(Printable.excerpt(summary)) is not \"COVERING covers COVERED\" with two logins."))
        }
        for key in ["DTSTART", "DTEND"] {
            if let zone = fields[key].flatMap(tzid), ZoneClock.shared(zone) == nil {
                return .failure(.init(message: "\(key) has TZID=\(Printable.excerpt(zone)), which is not an IANA time zone (e.g. Europe/Berlin)."))
            }
        }
        guard let start = fields["DTSTART"].flatMap(dateTime), let end = fields["DTEND"].flatMap(dateTime) else {
            return .failure(.init(message: "DTSTART and DTEND must be date-times (20261207T090000Z, or with TZID=Area/City)."))
        }
        return .success((words[0], words[2], start, end))
    }

    /// The TZID parameter of a date-time, if any.
    static func tzid(_ field: (params: String, value: String)) -> String? {
        field.params.split(separator: ";").first { $0.uppercased().hasPrefix("TZID=") }
            .map { String($0.dropFirst(5)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }

    /// 20261207T090000Z, or local with TZID=Zone (by ZoneClock's gap/overlap rule).
    static func dateTime(_ field: (params: String, value: String)) -> Date? {
        let v = field.value
        let chars = Array(v.utf8)
        guard chars.count == 15 || chars.count == 16, chars[8] == UInt8(ascii: "T") else { return nil }
        func n(_ a: Int, _ w: Int) -> Int? { Int(String(decoding: chars[a..<(a + w)], as: UTF8.self)) }
        guard let y = n(0, 4), let mo = n(4, 2), let d = n(6, 2), let h = n(9, 2), let mi = n(11, 2), let s = n(13, 2),
              h < 24, mi < 60, s < 60, let date = CivilDate(year: y, month: mo, day: d) else { return nil }
        let wall = date.days * 86_400 + Int64(h * 3600 + mi * 60 + s)
        if chars.count == 16 {
            guard chars[15] == UInt8(ascii: "Z") else { return nil }
            return Date(timeIntervalSince1970: TimeInterval(wall))
        }
        guard let tzid = tzid(field), let zone = ZoneClock.shared(tzid) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(zone.instant(local: wall)))
    }
}
