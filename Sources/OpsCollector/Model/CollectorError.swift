import Foundation

/// The one error type of the collector. Each case reads as one human sentence, because it
/// ends up in a source's "last error" on the dashboard and in `pmops` output.
public enum CollectorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An exposition larger than the configured cap; parsing it could exhaust memory.
    case tooLarge(bytes: Int, limit: Int)
    /// A file or device could not be read.
    case unreadable(path: String, reason: String)
    /// Input that should have a known shape (a /proc file, a response) did not.
    case malformed(what: String, message: String)
    /// An operation ran past its deadline.
    case timedOut(what: String, seconds: TimeInterval)
    /// A source was configured with values it cannot use.
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case let .tooLarge(bytes, limit):
            "The exposition is \(bytes) bytes, over the \(limit)-byte limit; it was not parsed."
        case let .unreadable(path, reason):
            "Cannot read \(path): \(reason)."
        case let .malformed(what, message):
            "\(what) is malformed: \(message)."
        case let .timedOut(what, seconds):
            "\(what) did not finish within \(CollectorError.format(seconds)) s."
        case let .invalidConfiguration(message):
            message
        }
    }

    static func format(_ seconds: TimeInterval) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.3g", seconds)
    }
}
