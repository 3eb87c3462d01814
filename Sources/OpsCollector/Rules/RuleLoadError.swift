import Foundation

/// Why a rules file could not be used. One sentence per case; exit codes follow the CLI's
/// table (1 failure, 2 validation, 3 not found) so `pmops rules check` can return them.
public enum RuleLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(path: String)
    case unreadable(path: String, reason: String)
    /// The file parsed with these errors (each already `file:line: message`).
    case invalid([RuleDiagnostic])

    public var description: String {
        switch self {
        case let .notFound(path):
            "Rules file \(path) does not exist."
        case let .unreadable(path, reason):
            "Cannot read rules file \(path): \(reason)."
        case let .invalid(errors):
            errors.map(\.description).joined(separator: "\n")
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .notFound: 3
        case .unreadable: 1
        case .invalid: 2
        }
    }
}
