import Foundation

/// What an HR import would do, computed before anything is written: the same value is
/// printed by the dry run, sent to scripts with `--json`, shown by the console and applied.
public struct ImportPlan: Sendable, Equatable {
    public struct Create: Sendable, Equatable {
        public var line: Int
        public var login: String
        public var name: String
        public var email: String
        public var team: String?
        public var roles: [Role]
    }

    /// One field before → after.
    public struct FieldChange: Sendable, Equatable {
        public var field: String
        public var before: String?
        public var after: String?
    }

    public struct Update: Sendable, Equatable {
        public var line: Int
        public var login: String
        public var version: Int
        public var fields: [FieldChange]
        /// nil when the roles stay as they are.
        public var roles: (before: [Role], after: [Role])?

        public static func == (a: Update, b: Update) -> Bool {
            a.line == b.line && a.login == b.login && a.version == b.version && a.fields == b.fields
                && a.roles?.before == b.roles?.before && a.roles?.after == b.roles?.after
        }
    }

    public struct Deactivation: Sendable, Equatable {
        public var login: String
        public var version: Int
        public var reason: String
        /// "alert 12 \"Disk full\"", one per open item.
        public var openWork: [String]
        /// Why it will not be applied as things stand (open work without --reassign-to,
        /// a rule of the core), or nil.
        public var blocked: String?
    }

    public struct Refusal: Sendable, Equatable {
        public var line: Int
        public var login: String
        public var field: String
        public var reason: String
        /// The person as the file gave them, for the pending-onboarding list.
        public var name: String
        public var email: String
        public var team: String?
        public var roles: [Role]
        /// No account has this login yet: the person goes to the pending-onboarding list.
        public var newPerson = true

        public init(line: Int, login: String, field: String, reason: String, name: String, email: String, team: String?,
                    roles: [Role], newPerson: Bool = true) {
            self.line = line
            self.login = login
            self.field = field
            self.reason = reason
            self.name = name
            self.email = email
            self.team = team
            self.roles = roles
            self.newPerson = newPerson
        }
    }

    public var exportDate: String
    public var creates: [Create] = []
    public var updates: [Update] = []
    public var deactivations: [Deactivation] = []
    public var refusals: [Refusal] = []
    /// People in the file whose account already matches.
    public var unchanged = 0

    public init(exportDate: String) { self.exportDate = exportDate }

    public var isEmpty: Bool { creates.isEmpty && updates.isEmpty && deactivations.isEmpty && refusals.isEmpty }

    public var roleChanges: Int { updates.count { $0.roles != nil } }
}
