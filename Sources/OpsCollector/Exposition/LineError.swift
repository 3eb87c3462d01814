import Foundation

/// A rejected line of an exposition: the parser skips it, keeps the rest, and reports it
/// with its 1-based line number so the target's owner can find it.
public struct LineError: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
