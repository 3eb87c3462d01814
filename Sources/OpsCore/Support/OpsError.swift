import Foundation

/// The one error type of the core and the store. Every case reads as one human sentence
/// and maps to the CLI's exit code, so the CLI and the console report the same thing.
public enum OpsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field or argument failed validation (exit 2).
    case invalid(field: String, message: String)
    /// Several fields failed at once; forms show each inline (exit 2).
    case invalidFields([FieldError])
    /// The thing named does not exist (exit 3).
    case notFound(String)
    /// The acting user may not do this (exit 4).
    case permissionDenied(String)
    /// A rule conflict: separation of duty, concurrent change, duplicate, open work (exit 5).
    case conflict(String)
    /// The store cannot be used: not SQLite, newer schema, read-only, disk full (exit 1).
    case store(String)
    /// Any other failure (exit 1).
    case failure(String)

    public var description: String {
        switch self {
        case let .invalid(field, message): return "Invalid \(field): \(message)"
        case let .invalidFields(errors):
            return errors.map { "Invalid \($0.field): \($0.message)" }.joined(separator: "\n")
        case let .notFound(text), let .permissionDenied(text), let .conflict(text),
             let .store(text), let .failure(text):
            return text
        }
    }

    /// Exit codes documented in the README: 0 ok, 1 failure, 2 usage/validation,
    /// 3 not found, 4 permission denied, 5 conflict.
    public var exitCode: Int32 {
        switch self {
        case .invalid, .invalidFields: 2
        case .notFound: 3
        case .permissionDenied: 4
        case .conflict: 5
        case .store, .failure: 1
        }
    }

    /// The per-field errors, for forms that show each under its field.
    public var fieldErrors: [FieldError] {
        switch self {
        case let .invalid(field, message): [FieldError(field: field, message: message)]
        case let .invalidFields(errors): errors
        default: []
        }
    }
}

/// One rejected field with its specific message.
public struct FieldError: Error, Equatable, Sendable, Codable {
    public let field: String
    public let message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
