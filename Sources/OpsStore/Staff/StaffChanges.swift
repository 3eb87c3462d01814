import OpsCore

/// A new account as typed by a person; validated by `AppDatabase.createStaff`.
public struct NewStaff: Sendable, Equatable {
    public var login: String
    public var displayName: String
    public var email: String
    public var team: String?
    public var roles: [String]
    public init(login: String, displayName: String, email: String, team: String? = nil, roles: [String]) {
        self.login = login
        self.displayName = displayName
        self.email = email
        self.team = team
        self.roles = roles
    }
}

/// Edits to name, email and team; nil fields stay as they are. `team: .some(nil)` clears it.
public struct StaffChanges: Sendable, Equatable {
    public var displayName: String?
    public var email: String?
    public var team: String??
    public init(displayName: String? = nil, email: String? = nil, team: String?? = nil) {
        self.displayName = displayName
        self.email = email
        self.team = team
    }
    public var isEmpty: Bool { displayName == nil && email == nil && team == nil }
}

/// What a deactivation did.
public struct DeactivationResult: Sendable, Equatable {
    public var account: StaffAccount
    public var reassigned: Int
    public var purgeAfter: String
    /// Escalation levels that still page the account: its pages now go to the next
    /// level, and whoever deactivated it should fix the routing.
    public var routingLevels: [AlertRouting.Level] = []
    /// Shifts the account held in on-call schedules over the next 90 days: nobody takes
    /// them now, so whoever deactivated it should load a schedule without them or add overrides.
    public var futureShifts: [FutureShift] = []
}
