import Foundation

extension BusinessCalendar {
    /// Parses the setting's one line, tokens in any order: days (`mon-fri`, `mon,wed,fri`,
    /// `fri-mon` wraps), hours (`09:00-17:00`, up to `24:00`), a time zone identifier
    /// (`Europe/Berlin`, `UTC`) and holiday dates (`2026-12-25`). Each problem names its token.
    public static func parse(_ text: String, field: String = "calendar") throws(OpsError) -> BusinessCalendar {
        try Printable.refuseNUL(text, field: field)
        guard text.utf8.count <= 16_384 else { throw .invalid(field: field, message: "the calendar is longer than 16384 bytes.") }
        var weekdays: Set<Int>?
        var hours: (Int, Int)?
        var zone: TimeZone?
        var holidays = Set<String>()
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
            if let date = holiday(token) {
                holidays.insert(date)
            } else if token.contains(":") {
                guard hours == nil else { throw .invalid(field: field, message: "give the opening hours once (\(Printable.excerpt(token)) is a second).") }
                hours = try openingHours(token, field: field)
            } else if token.first?.isLetter == true, let days = days(token) {
                guard weekdays == nil else { throw .invalid(field: field, message: "give the days once (\(Printable.excerpt(token)) is a second).") }
                weekdays = days
            } else if let found = TimeZone(identifier: token), token.contains("/") || token == "UTC" || token == "GMT" {
                zone = found
            } else {
                throw .invalid(field: field, message: "\(Printable.excerpt(token)) is not days (mon-fri), hours (09:00-17:00), a time zone (Europe/Berlin) or a holiday (2026-12-25).")
            }
        }
        guard let weekdays, !weekdays.isEmpty else { throw .invalid(field: field, message: "name the working days, e.g. mon-fri.") }
        guard let (opens, closes) = hours else { throw .invalid(field: field, message: "give the opening hours, e.g. 09:00-17:00.") }
        return BusinessCalendar(weekdays: weekdays, opens: opens, closes: closes,
                                timeZone: zone ?? TimeZone(identifier: "UTC") ?? .current, holidays: holidays)
    }

    private static func holiday(_ token: String) -> String? {
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        return dateKey(year: year, month: month, day: day)
    }

    private static func days(_ token: String) -> Set<Int>? {
        var result = Set<Int>()
        for item in token.lowercased().split(separator: ",") {
            let ends = item.split(separator: "-", omittingEmptySubsequences: false).map { dayNames.firstIndex(of: String($0.prefix(3))) }
            guard (1...2).contains(ends.count), ends.allSatisfy({ $0 != nil }), let first = ends.first ?? nil, let last = ends.last ?? nil else { return nil }
            var day = first
            result.insert(day + 1)
            while day != last {
                day = (day + 1) % 7
                result.insert(day + 1)
            }
        }
        return result.isEmpty ? nil : result
    }

    private static func openingHours(_ token: String, field: String) throws(OpsError) -> (Int, Int) {
        let ends = token.split(separator: "-", omittingEmptySubsequences: false).map { minutes(String($0)) }
        guard ends.count == 2, let opens = ends[0], let closes = ends[1] else {
            throw .invalid(field: field, message: "\(Printable.excerpt(token)) is not opening hours; write HH:MM-HH:MM, e.g. 09:00-17:00.")
        }
        guard opens < closes else {
            throw .invalid(field: field, message: "\(Printable.excerpt(token)) closes before it opens; hours cannot span midnight (use 00:00-24:00 for all day).")
        }
        return (opens, closes)
    }

    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...59).contains(minute) else { return nil }
        if hour == 24 && minute == 0 { return 1_440 }
        guard (0...23).contains(hour) else { return nil }
        return hour * 60 + minute
    }
}
