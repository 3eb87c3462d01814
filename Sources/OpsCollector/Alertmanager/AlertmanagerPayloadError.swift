import Foundation

/// Why an Alertmanager payload (a webhook notification or an API v2 answer) was refused.
/// A payload is validated whole before anything is applied, so each case means "nothing
/// was changed"; each reads as one sentence naming the byte or field at fault.
public enum AlertmanagerPayloadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// More bytes than the cap; reading stopped at the cap.
    case tooLarge(limit: Int)
    case empty
    /// Broken JSON syntax at a byte offset (0-based).
    case syntax(offset: Int, message: String)
    /// The JSON stops before its end: `inside` names the open construct.
    case truncated(offset: Int, inside: String)
    /// A webhook `version` other than "4".
    case unsupportedVersion(String)
    /// A required field is absent; `field` is a path like `alerts[2].fingerprint`.
    case missing(field: String)
    /// A field is present with a value pmops cannot use.
    case invalid(field: String, reason: String)
    /// One label or annotation name or value over the per-value cap.
    case valueTooLong(field: String, bytes: Int, limit: Int)
    /// More alerts in one payload than the cap.
    case tooManyAlerts(count: Int, limit: Int)
    /// More labels or annotations on one alert than the cap.
    case tooManyPairs(field: String, count: Int, limit: Int)
    /// The file or stream could not be read; `missing` when it does not exist.
    case cannotRead(path: String, reason: String, missing: Bool)

    public var description: String {
        switch self {
        case let .tooLarge(limit):
            "The payload is over the \(Self.size(limit)) limit; reading stopped there and nothing was applied."
        case .empty:
            "The payload is empty; expected an Alertmanager JSON document."
        case let .syntax(offset, message):
            "The payload is not valid JSON at byte \(offset): \(message)."
        case let .truncated(offset, inside):
            "The payload ends at byte \(offset) inside \(inside); the JSON is truncated."
        case let .unsupportedVersion(version):
            "Unsupported webhook version \(version); pmops reads version 4."
        case let .missing(field):
            "The payload has no \(field); Alertmanager always sends it."
        case let .invalid(field, reason):
            "The payload's \(field) \(reason)."
        case let .valueTooLong(field, bytes, limit):
            "The payload's \(field) is \(bytes) bytes, over the \(Self.size(limit)) limit for one value."
        case let .tooManyAlerts(count, limit):
            "The payload holds \(count) alerts, over the limit of \(limit) per payload."
        case let .tooManyPairs(field, count, limit):
            "The payload's \(field) has \(count) entries, over the limit of \(limit)."
        case let .cannotRead(path, reason, _):
            "Cannot read \(path): \(reason)."
        }
    }

    /// The description as a clause ("the payload …" without the final period), for errors
    /// that wrap it ("The answer of URL is malformed: …").
    public var clause: String {
        var text = description
        if text.hasSuffix(".") { text.removeLast() }
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }

    /// "10 MiB", "64 KiB", or bytes when not a whole unit.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1_048_576, bytes % 1_048_576 == 0 { return "\(bytes / 1_048_576) MiB" }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes)-byte"
    }
}
