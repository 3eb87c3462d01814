import Foundation
import OpsCore

/// An export read and planned against the store as it is now.
public struct ImportPreview: Sendable, Equatable {
    public var plan: ImportPlan
    /// SHA-256 of the file's bytes, hex: what the `users.import` audit row records.
    public var sha256: String
    public var records: Int
}

/// What `applyImport` did; `failures` are actions the store refused when applied (a
/// concurrent change, a rule), each with its sentence.
public struct ImportResult: Sendable, Equatable {
    public var preview: ImportPreview
    public var created = 0
    public var updated = 0
    public var rolesChanged = 0
    public var deactivated = 0
    /// People written to (or already on) the pending-onboarding list.
    public var pending = 0
    public var failures: [Failure] = []

    public struct Failure: Sendable, Equatable {
        public var login: String
        public var action: String
        public var reason: String
    }
}

/// One person an import could not create, waiting to be created by hand.
public struct PendingOnboarding: Sendable, Equatable {
    public var id: Int64
    public var login: String
    public var displayName: String?
    public var email: String?
    public var team: String?
    public var roles: [String]
    public var line: Int
    public var field: String
    public var reason: String
    public var sourceSHA256: String
    public var createdAt: String
}
