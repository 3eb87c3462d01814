import Foundation

/// One finding of `rules check`, printed `file:line: message` like a compiler so editors
/// and CI logs can jump to it. Warnings say "warning:" after the position; errors do not.
public struct RuleDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Level: String, Sendable {
        case error
        case warning
    }

    public let level: Level
    public let source: String
    /// 1-based line of the file.
    public let line: Int
    public let message: String

    public init(level: Level, source: String, line: Int, message: String) {
        self.level = level
        self.source = source
        self.line = line
        self.message = message
    }

    public var description: String {
        switch level {
        case .error: "\(source):\(line): \(message)"
        case .warning: "\(source):\(line): warning: \(message)"
        }
    }
}
