import Foundation
internal import GRDB
import OpsCore

// MARK: - Identity

extension AppDatabase {
    /// Resolves who is acting, inside the caller's transaction: the OS login must be an
    /// active account; `--as` needs users.impersonate and an active target.
    func resolveActor(_ context: ActorContext, db: Database) throws -> StaffAccount {
        guard let me = try StaffQueries.find(login: context.osLogin, db: db) else {
            throw OpsError.permissionDenied("Permission denied: the OS login \(Printable.excerpt(context.osLogin)) has no PenguinOps account; ask an admin to add it (or run 'pmops init' on an empty store).")
        }
        guard me.isActive else {
            throw OpsError.permissionDenied("Permission denied: the account '\(me.login)' is deactivated.")
        }
        guard let other = context.onBehalfOf else { return me }
        guard me.permissions.contains(.usersImpersonate) else {
            throw OpsError.permissionDenied("Permission denied: '\(me.login)' lacks users.impersonate, needed for --as.")
        }
        guard let target = try StaffQueries.find(login: other, db: db) else {
            throw OpsError.notFound("No staff account \(Printable.excerpt(other)) to act as.")
        }
        guard target.isActive else {
            throw OpsError.permissionDenied("Permission denied: cannot act as '\(target.login)', the account is deactivated.")
        }
        return target
    }

    /// The acting account with its current roles (no cache: read fresh every call).
    public func whoAmI(_ context: ActorContext) throws(OpsError) -> StaffAccount {
        try read { db in try resolveActor(context, db: db) }
    }

    /// Checks a permission for the acting user right now.
    public func authorize(_ permission: Permission, _ context: ActorContext) throws(OpsError) {
        try read { db in try AccessPolicy.require(permission, actor: try resolveActor(context, db: db)) }
    }

    func audit(_ record: AuditChain.Record, _ context: ActorContext, db: Database) throws {
        try AuditChain.append(record, actor: context.effectiveLogin, impersonator: context.impersonator, at: clock.now(), db: db)
    }
}

// MARK: - Reads

extension AppDatabase {
    public func listStaff(_ filter: StaffFilter = StaffFilter(), offset: Int = 0, limit: Int? = nil,
                          as context: ActorContext) throws(OpsError) -> [StaffAccount] {
        try read { db in
            try AccessPolicy.require(.usersRead, actor: try resolveActor(context, db: db))
            return try StaffQueries.list(filter, offset: offset, limit: limit, db: db)
        }
    }

    public func countStaff(_ filter: StaffFilter = StaffFilter(), as context: ActorContext) throws(OpsError) -> Int {
        try read { db in
            try AccessPolicy.require(.usersRead, actor: try resolveActor(context, db: db))
            return try StaffQueries.count(filter, db: db)
        }
    }

    public func staff(login: String, as context: ActorContext) throws(OpsError) -> StaffAccount {
        try read { db in
            try AccessPolicy.require(.usersRead, actor: try resolveActor(context, db: db))
            return try StaffQueries.require(login: login, db: db)
        }
    }

    /// Open work assigned to `login`, from every registered provider.
    public func openWork(login: String, as context: ActorContext) throws(OpsError) -> [OpenWorkItem] {
        try read { db in
            try AccessPolicy.require(.usersRead, actor: try resolveActor(context, db: db))
            return try openWorkProviders.flatMap { try $0.openWork(assignedTo: login, in: StoreTransaction(db)) }
        }
    }
}

// MARK: - Bootstrap

extension AppDatabase {
    /// `pmops init`: the first account, a super_admin for the OS login. Refused once any
    /// account exists.
    public func initialize(login: String, displayName: String, email: String) throws(OpsError) -> StaffAccount {
        try write { db in
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM staff") ?? 0 > 0 {
                throw OpsError.conflict("The store already has accounts; 'pmops init' only bootstraps an empty store. Ask an admin to add you.")
            }
            let new = NewStaff(login: login, displayName: displayName, email: email, team: "platform", roles: [Role.superAdmin.rawValue])
            let account = try insertStaff(try validated(new, db: db), by: login, db: db)
            try AuditChain.append(AuditChain.Record(action: "store.init", target: login, after: try snapshot(account, db: db)),
                                  actor: login, impersonator: nil, at: clock.now(), db: db)
            return account
        }
    }
}

// MARK: - Create

extension AppDatabase {
    /// Creates an account, queues its welcome email and writes the audit row, all in one
    /// transaction. Every invalid field is reported at once. Granting a role of
    /// `RoleMatrix.confirmedGrants` needs `confirmedPowerGrant` (the CLI's `--yes`, the
    /// console's typed confirmation).
    public func createStaff(_ new: NewStaff, confirmedPowerGrant: Bool = false, as context: ActorContext) throws(OpsError) -> StaffAccount {
        try write { db in try createStaff(new, confirmedPowerGrant: confirmedPowerGrant, context, db: db) }
    }

    /// `createStaff` inside the caller's transaction (the pending-onboarding completion).
    func createStaff(_ new: NewStaff, confirmedPowerGrant: Bool, _ context: ActorContext, db: Database) throws -> StaffAccount {
        let actor = try resolveActor(context, db: db)
        try AccessPolicy.require(.usersManage, actor: actor)
        let valid = try validated(new, db: db)
        try AccessPolicy.checkRoleChange(actor: actor, target: nil, current: [], proposed: valid.roles,
                                         sod: try SettingsStore.separationOfDuty(db: db),
                                         activeSuperAdmins: try StaffQueries.activeSuperAdmins(db: db))
        try AccessPolicy.checkPowerGrant(current: [], proposed: valid.roles, confirmed: confirmedPowerGrant)
        let account = try insertStaff(valid, by: actor.login, db: db)
        try OutboxStore.enqueueWelcome(for: account, from: try SettingsStore.value(.mailFrom, db: db), at: clock.now(), db: db)
        try audit(AuditChain.Record(action: "user.create", target: account.login, after: try snapshot(account, db: db)), context, db: db)
        return account
    }

    struct ValidStaff {
        var login: String, displayName: String, email: String, team: String?, roles: Set<Role>
    }

    /// Field validation plus uniqueness (case-insensitive), reporting every bad field.
    func validated(_ new: NewStaff, db: Database) throws -> ValidStaff {
        var errors: [FieldError] = []
        if let e = StaffValidation.login(new.login) { errors.append(e) }
        if let e = StaffValidation.displayName(new.displayName) { errors.append(e) }
        if let e = StaffValidation.email(new.email) { errors.append(e) }
        let typedTeam = new.team.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        if let typedTeam, let e = StaffValidation.team(typedTeam) { errors.append(e) }
        let team = typedTeam?.lowercased()
        var roles = Set<Role>()
        switch StaffValidation.roles(new.roles) {
        case let .success(parsed): roles = parsed
        case let .failure(e): errors.append(e)
        }
        if roles.isEmpty, !errors.contains(where: { $0.field == "role" }) {
            errors.append(FieldError(field: "role", message: "give at least one role."))
        }
        if !errors.isEmpty { throw OpsError.invalidFields(errors) }
        if let existing = try String.fetchOne(db, sql: "SELECT login FROM staff WHERE login = ?", arguments: [new.login]) {
            throw OpsError.conflict("The login '\(new.login)' is already taken (by '\(existing)'; logins are unique ignoring case).")
        }
        if let owner = try String.fetchOne(db, sql: "SELECT login FROM staff WHERE email = ?", arguments: [new.email]) {
            throw OpsError.conflict("The email \(Printable.quote(new.email)) already belongs to '\(owner)'.")
        }
        let name = StaffValidation.normalizedName(new.displayName)
        return ValidStaff(login: new.login, displayName: name, email: new.email, team: team, roles: roles)
    }

    func insertStaff(_ s: ValidStaff, by actor: String, db: Database) throws -> StaffAccount {
        let now = Timestamp.format(clock.now())
        try db.execute(sql: """
            INSERT INTO staff (login, display_name, email, team, status, version, created_at, updated_at, updated_by)
            VALUES (?, ?, ?, ?, 'active', 1, ?, ?, ?)
            """, arguments: [s.login, s.displayName, s.email, s.team, now, now, actor])
        let id = db.lastInsertedRowID
        for role in s.roles.sorted() {
            try db.execute(sql: "INSERT INTO staff_role (staff_id, role, granted_at, granted_by) VALUES (?, ?, ?, ?)",
                           arguments: [id, role.rawValue, now, actor])
        }
        return try StaffQueries.require(login: s.login, db: db)
    }

    /// Audit snapshot of an account. Name and email are kept as keyed fingerprints, not
    /// text: audit rows are append-only, and personal data must be purgeable
    /// (`PersonalData`: purge deletes the key).
    func snapshot(_ a: StaffAccount, db: Database) throws -> JSONValue {
        let key = a.displayName == nil && a.email == nil
            ? nil : try PersonalData.key(staffID: a.id, at: Timestamp.format(clock.now()), db: db)
        func mark(_ value: String?) -> JSONValue { .optional(key.flatMap { k in value.map { PersonalData.fingerprint($0, key: k) } }) }
        return [
            "login": .string(a.login),
            "name": mark(a.displayName),
            "email": mark(a.email),
            "team": .optional(a.team),
            "status": .string(a.status.rawValue),
            "roles": .array(a.sortedRoles.map { .string($0.rawValue) }),
            "version": .int(Int64(a.version)),
        ]
    }
}
