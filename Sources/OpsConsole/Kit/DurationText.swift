import Foundation
import OpsCore

/// Durations people type into prompts (snooze, silence, and any pane that schedules):
/// `OpsCore.Duration`'s grammar ("45s", "30m", "1h30m", "1d"), where a bare number means
/// minutes, range-checked like every other duration.
enum DurationText {
    static func parse(_ text: String, field: String) throws(OpsError) -> TimeInterval {
        try OpsCore.Duration.parse(text, field: field, bare: .minutes, positive: true)
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
