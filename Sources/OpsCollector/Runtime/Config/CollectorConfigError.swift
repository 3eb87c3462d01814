import Foundation

/// One problem in a collector config, printed `file:line: message` like a compiler (and like
/// `pmops rules check`), so an editor or a CI log can jump to it.
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public let source: String
    /// 1-based; 0 when the problem is not on one line (an unreadable file).
    public let line: Int
    public let message: String

    public init(source: String, line: Int, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(source):\(line): \(message)" : "\(source): \(message)" }
}

/// Why a collector config cannot be used: every problem of the file at once, so an operator
/// fixes them in one edit instead of one run per typo.
public struct CollectorConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public let diagnostics: [ConfigDiagnostic]

    public init(_ diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
