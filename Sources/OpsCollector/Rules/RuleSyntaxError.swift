import Foundation

/// A problem with one piece of rules text, as a human sentence without position: the parser
/// adds `file:line:` when it turns this into a diagnostic.
public struct RuleSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
