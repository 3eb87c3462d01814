import Foundation

/// Durations people type into prompts (snooze, silence, and any pane that schedules):
/// "45s", "30m", "2h", "1d", "1w", "1h30m"; a bare number means minutes.
enum DurationText {
    static func parse(_ text: String) -> TimeInterval? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !t.isEmpty else { return nil }
        var total: TimeInterval = 0
        var number = ""
        var sawUnit = false
        for ch in t {
            if ch.isASCII, ch.isNumber {
                number.append(ch)
                continue
            }
            guard let n = Double(number), number.count <= 6 else { return nil }
            let unit: TimeInterval
            switch ch {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3_600
            case "d": unit = 86_400
            case "w": unit = 604_800
            default: return nil
            }
            total += n * unit
            number = ""
            sawUnit = true
        }
        if !number.isEmpty {
            // A bare number means minutes.
            guard let n = Double(number), number.count <= 6 else { return nil }
            total += n * 60
            sawUnit = true
        }
        return sawUnit && total > 0 ? total : nil
    }

    /// "2h", "1d 4h", "35m" for an interval.
    static func text(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3_600 { return "\(s / 60)m" }
        if s < 86_400 { return s % 3_600 >= 60 ? "\(s / 3_600)h \(s % 3_600 / 60)m" : "\(s / 3_600)h" }
        return s % 86_400 >= 3_600 ? "\(s / 86_400)d \(s % 86_400 / 3_600)h" : "\(s / 86_400)d"
    }
}
