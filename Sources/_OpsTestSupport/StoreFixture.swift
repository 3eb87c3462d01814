import Foundation
import OpsCore
import OpsStore

/// An in-memory store with a pinned clock and one super_admin, `boss`, for service tests.
public struct StoreFixture: Sendable {
    public static let bossLogin = "boss"
    public let db: AppDatabase
    public let clock: ManualClock
    public let boss = ActorContext(osLogin: StoreFixture.bossLogin)

    public init(openWorkProviders: [any OpenWorkProvider] = AppDatabase.standardOpenWork,
                personalDataErasers: [any PersonalDataEraser] = AppDatabase.standardPersonalData) throws(OpsError) {
        clock = ManualClock()
        db = try AppDatabase(inMemory: clock, openWorkProviders: openWorkProviders, personalDataErasers: personalDataErasers)
        _ = try db.initialize(login: Self.bossLogin, displayName: "Boss Person", email: "boss@example.com")
    }

    /// The context of an account acting as itself.
    public func actor(_ login: String) -> ActorContext { ActorContext(osLogin: login) }

    /// Creates `login` (as boss) holding exactly `roles`; an empty list leaves it with none.
    @discardableResult
    public func add(_ login: String, _ roles: [Role], team: String? = nil) throws(OpsError) -> StaffAccount {
        let created = try db.createStaff(NewStaff(login: login, displayName: "Person \(login)", email: "\(login)@example.com",
                                                  team: team, roles: roles.isEmpty ? [Role.readonly.rawValue] : roles.map(\.rawValue)),
                                         confirmedPowerGrant: true, as: boss)
        if roles.isEmpty { return try db.setRoles(login: login, roles: [], as: boss) }
        return created
    }

    public func account(_ login: String) throws(OpsError) -> StaffAccount { try db.staff(login: login, as: boss) }

    public func auditCount() throws(OpsError) -> Int { try db.auditCount() }
}

/// Runs `body` and returns the `OpsError` it threw, nil when it succeeded.
public func opsError<T>(_ body: () throws(OpsError) -> T) -> OpsError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
