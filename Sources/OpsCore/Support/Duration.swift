import Foundation

/// Durations typed by people: "90s", "15m", "1h30m", "1.5h", "7d", "2w", "500ms".
///
/// One grammar for the CLI, the console's forms, rule, routing and collector files:
/// decimal numbers (no sign, no exponent, no `nan`/`inf`), each followed by a unit, at
/// most 64 characters, and at most `InputLimits.maxDuration` in total. The range is
/// checked here so no caller can turn `1e308s` into an infinite date.
public enum Duration {
    /// What a number without a unit means, where one is accepted at all.
    public enum BareNumber: Sendable {
        case refused, seconds, minutes
    }

    public static func parse(_ text: String, bare: BareNumber = .refused) -> TimeInterval? {
        guard case let .success(seconds) = read(text, bare: bare) else { return nil }
        return seconds
    }

    /// `parse` with the reason as a field error: not a duration, zero when `positive`, or
    /// longer than 100 years.
    public static func parse(_ text: String, field: String, bare: BareNumber = .refused, positive: Bool = false,
                             maximum: TimeInterval = InputLimits.maxDuration) throws(OpsError) -> TimeInterval {
        switch read(text, bare: bare) {
        case let .success(seconds):
            if positive, seconds <= 0 { throw .invalid(field: field, message: "\(Printable.excerpt(text)) is zero; give a duration such as 30m, 2h or 1d.") }
            if seconds > maximum {
                throw .invalid(field: field, message: "\(Printable.excerpt(text)) is longer than \(InputLimits.describe(maximum)).")
            }
            return seconds
        case .tooLong:
            throw .invalid(field: field, message: "\(Printable.excerpt(text)) is longer than \(InputLimits.describe(InputLimits.maxDuration)).")
        case .malformed:
            let examples = switch bare {
            case .refused: "90s, 15m, 1h30m or 7d"
            case .seconds: "262 (seconds), 30s or 4m30s"
            case .minutes: "30 (minutes), 2h or 1d"
            }
            throw .invalid(field: field, message: "\(Printable.excerpt(text)) is not a duration; write e.g. \(examples).")
        }
    }

    enum Reading { case success(TimeInterval), tooLong, malformed }

    static func read(_ text: String, bare: BareNumber) -> Reading {
        guard text.utf8.count <= 64 else { return .malformed }
        let bytes = Array(text.trimmingCharacters(in: .whitespaces).lowercased().utf8)
        guard !bytes.isEmpty else { return .malformed }
        var total = 0.0
        var i = 0
        while i < bytes.count {
            let start = i
            var dots = 0
            while i < bytes.count, (bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == 0x2E {
                if bytes[i] == 0x2E { dots += 1 }
                i += 1
            }
            guard i > start, dots <= 1, let number = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else { return .malformed }
            let scale: Double
            if i == bytes.count {
                guard start == 0 else { return .malformed }
                switch bare {
                case .refused: return .malformed
                case .seconds: scale = 1
                case .minutes: scale = 60
                }
            } else if bytes[i] == 0x6D, i + 1 < bytes.count, bytes[i + 1] == 0x73 {
                scale = 0.001
                i += 2
            } else {
                switch bytes[i] {
                case 0x73: scale = 1
                case 0x6D: scale = 60
                case 0x68: scale = 3_600
                case 0x64: scale = 86_400
                case 0x77: scale = 604_800
                default: return .malformed
                }
                i += 1
            }
            total += number * scale
            guard total.isFinite, total <= InputLimits.maxDuration else { return .tooLong }
        }
        return .success(total)
    }
}
