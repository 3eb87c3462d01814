import Foundation
internal import GRDB
import OpsCore

extension AppDatabase {
    /// Refuses an edit that started from an older version: exactly one of two racing
    /// editors wins, the other is told who changed the account and when.
    func checkVersion(_ account: StaffAccount, expected: Int?) throws {
        guard let expected, expected != account.version else { return }
        throw OpsError.conflict("'\(account.login)' was changed by \(account.updatedBy ?? "someone") at \(Timestamp.format(account.updatedAt)) (now version \(account.version), you had \(expected)); reload and try again. Nothing was changed.")
    }

    func bumpVersion(_ id: Int64, by actor: String, db: Database) throws {
        try db.execute(sql: "UPDATE staff SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
                       arguments: [Timestamp.format(clock.now()), actor, id])
    }

    // MARK: - Roles

    /// Replaces an account's roles, enforcing escalation, separation-of-duty and lockout
    /// rules; granting a role of `RoleMatrix.confirmedGrants` needs `confirmedPowerGrant`.
    public func setRoles(login: String, roles names: [String], expectedVersion: Int? = nil, confirmedPowerGrant: Bool = false,
                         as context: ActorContext) throws(OpsError) -> StaffAccount {
        try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.rolesAssign, actor: actor)
            let target = try StaffQueries.require(login: login, db: db)
            try checkVersion(target, expected: expectedVersion)
            let proposed: Set<Role>
            switch StaffValidation.roles(names) {
            case let .success(r): proposed = r
            case let .failure(e): throw OpsError.invalid(field: e.field, message: e.message)
            }
            guard target.isActive else {
                throw OpsError.conflict("'\(target.login)' is deactivated; reactivate it before granting roles.")
            }
            try AccessPolicy.checkRoleChange(actor: actor, target: target, current: target.roles, proposed: proposed,
                                             sod: try SettingsStore.separationOfDuty(db: db),
                                             activeSuperAdmins: try StaffQueries.activeSuperAdmins(db: db))
            if proposed == target.roles { return target }
            try AccessPolicy.checkPowerGrant(current: target.roles, proposed: proposed, confirmed: confirmedPowerGrant)
            try checkOpenWorkKept(target, keeping: RoleMatrix.permissions(of: proposed), db: db)
            let now = Timestamp.format(clock.now())
            for role in target.roles.subtracting(proposed) {
                try db.execute(sql: "DELETE FROM staff_role WHERE staff_id = ? AND role = ?", arguments: [target.id, role.rawValue])
            }
            for role in proposed.subtracting(target.roles).sorted() {
                try db.execute(sql: "INSERT INTO staff_role (staff_id, role, granted_at, granted_by) VALUES (?, ?, ?, ?)",
                               arguments: [target.id, role.rawValue, now, actor.login])
            }
            try bumpVersion(target.id, by: actor.login, db: db)
            let after = try StaffQueries.require(login: target.login, db: db)
            try audit(AuditChain.Record(action: "user.set_roles", target: target.login,
                                        before: ["roles": .array(target.sortedRoles.map { .string($0.rawValue) })],
                                        after: ["roles": .array(after.sortedRoles.map { .string($0.rawValue) })]), context, db: db)
            return after
        }
    }

    /// Refuses a role change that takes from `target` a permission their open work needs
    /// (an alert they hold but could no longer acknowledge or resolve).
    func checkOpenWorkKept(_ target: StaffAccount, keeping permissions: Set<Permission>, db: Database) throws {
        for provider in openWorkProviders {
            let lost = provider.requiredPermissions.intersection(target.permissions).subtracting(permissions)
            guard !lost.isEmpty else { continue }
            let work = try provider.openWork(assignedTo: target.login, in: StoreTransaction(db))
            guard work.isEmpty else {
                throw OpsError.conflict("'\(target.login)' still holds \(work.count) open \(provider.kind), which need \(lost.map(\.rawValue).sorted().joined(separator: " and ")); reassign them before removing those roles.")
            }
        }
    }

    // MARK: - Name, email, team

    public func updateStaff(login: String, changes: StaffChanges, expectedVersion: Int? = nil,
                            as context: ActorContext) throws(OpsError) -> StaffAccount {
        try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.usersManage, actor: actor)
            let target = try StaffQueries.require(login: login, db: db)
            try AccessPolicy.checkManage(actor: actor, target: target)
            try checkVersion(target, expected: expectedVersion)
            guard !changes.isEmpty else {
                throw OpsError.invalid(field: "changes", message: "nothing to change; give --name, --email or --team.")
            }
            guard target.isActive else {
                throw OpsError.conflict("'\(target.login)' is deactivated; its personal data is archived. Reactivate it first.")
            }
            var errors: [FieldError] = []
            let name = changes.displayName.map(StaffValidation.normalizedName)
            if let name, let e = StaffValidation.displayName(name) { errors.append(e) }
            if let email = changes.email, let e = StaffValidation.email(email) { errors.append(e) }
            var team = target.team
            if let newTeam = changes.team {
                let typed = newTeam.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
                if let typed, let e = StaffValidation.team(typed) { errors.append(e) }
                team = typed?.lowercased()
            }
            if !errors.isEmpty { throw OpsError.invalidFields(errors) }
            if let email = changes.email,
               let owner = try String.fetchOne(db, sql: "SELECT login FROM staff WHERE email = ? AND id <> ?", arguments: [email, target.id]) {
                throw OpsError.conflict("The email \(Printable.quote(email)) already belongs to '\(owner)'.")
            }
            try db.execute(sql: "UPDATE staff SET display_name = ?, email = ?, team = ? WHERE id = ?",
                           arguments: [name ?? target.displayName, changes.email ?? target.email, team, target.id])
            try bumpVersion(target.id, by: actor.login, db: db)
            let after = try StaffQueries.require(login: target.login, db: db)
            try audit(AuditChain.Record(action: "user.update", target: target.login,
                                        before: try snapshot(target, db: db), after: try snapshot(after, db: db)), context, db: db)
            return after
        }
    }

    // MARK: - Deactivate / reactivate / purge

    /// Deactivates an account: reason required, open work must be reassigned, roles
    /// revoked, personal data moved to the archive with a purge date.
    public func deactivate(login: String, reason: String, reassignTo: String? = nil, expectedVersion: Int? = nil,
                           as context: ActorContext) throws(OpsError) -> DeactivationResult {
        try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.usersManage, actor: actor)
            let target = try StaffQueries.require(login: login, db: db)
            try checkVersion(target, expected: expectedVersion)
            let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !why.isEmpty else { throw OpsError.invalid(field: "reason", message: "a reason is required to deactivate an account.") }
            if why.count > 500 { throw OpsError.invalid(field: "reason", message: "the reason is \(why.count) characters; the limit is 500.") }
            if why.unicodeScalars.contains(where: Printable.isForbidden) {
                throw OpsError.invalid(field: "reason", message: "the reason contains control or escape characters.")
            }
            try AccessPolicy.checkDeactivate(actor: actor, target: target, activeSuperAdmins: try StaffQueries.activeSuperAdmins(db: db))
            let work = try openWorkProviders.flatMap { try $0.openWork(assignedTo: target.login, in: StoreTransaction(db)) }
            var moved = 0
            if !work.isEmpty {
                guard let reassignTo else {
                    let list = work.prefix(10).map { "\($0.kind) \($0.id) \"\(Printable.quote($0.title))\"" }.joined(separator: "; ")
                    throw OpsError.conflict("'\(target.login)' still owns \(work.count) open item(s): \(list)\(work.count > 10 ? "; …" : ""). Reassign them to another active account (reassign-to) first.")
                }
                let heir = try StaffQueries.require(login: reassignTo, db: db)
                guard heir.isActive, heir.id != target.id else {
                    throw OpsError.conflict("Cannot reassign to '\(heir.login)': choose another active account.")
                }
                let change = WorkReassignment(from: target.login, to: heir.login, actor: context.effectiveLogin, reason: why, at: clock.now())
                for provider in openWorkProviders {
                    if try provider.openWork(assignedTo: target.login, in: StoreTransaction(db)).isEmpty { continue }
                    let missing = provider.requiredPermissions.subtracting(heir.permissions).map(\.rawValue).sorted()
                    guard missing.isEmpty else {
                        throw OpsError.conflict("Cannot reassign \(provider.kind) to '\(heir.login)': they lack \(missing.joined(separator: " and ")), which the work needs; choose someone who can finish it. Nothing was changed.")
                    }
                    moved += try provider.reassign(change, in: StoreTransaction(db))
                }
            }
            let routingLevels = try AlertRoutingStore.current(db: db).levels(paging: target.login)
            let now = clock.now()
            let futureShifts = try Self.futureShifts(of: target.login, at: now, db: db)
            let purge = Timestamp.format(now.addingTimeInterval(Double(try SettingsStore.retentionDays(db: db)) * 86_400))
            if let name = target.displayName, let email = target.email {
                try db.execute(sql: """
                    INSERT INTO staff_archive (staff_id, display_name, email, archived_at, purge_after, reason) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(staff_id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email,
                        archived_at = excluded.archived_at, purge_after = excluded.purge_after, reason = excluded.reason
                    """, arguments: [target.id, name, email, Timestamp.format(now), purge, why])
            }
            try db.execute(sql: "DELETE FROM staff_role WHERE staff_id = ?", arguments: [target.id])
            try db.execute(sql: "UPDATE staff SET status = 'deactivated', display_name = NULL, email = NULL WHERE id = ?", arguments: [target.id])
            try bumpVersion(target.id, by: actor.login, db: db)
            let after = try StaffQueries.require(login: target.login, db: db)
            var afterJSON = try snapshot(after, db: db)
            if case var .object(fields) = afterJSON {
                fields["purge_after"] = .string(purge)
                fields["reassigned_to"] = .optional(work.isEmpty ? nil : reassignTo)
                fields["reassigned_items"] = .int(Int64(moved))
                afterJSON = .object(fields)
            }
            try audit(AuditChain.Record(action: "user.deactivate", target: target.login, before: try snapshot(target, db: db),
                                        after: afterJSON, reason: why), context, db: db)
            return DeactivationResult(account: after, reassigned: moved, purgeAfter: purge, routingLevels: routingLevels, futureShifts: futureShifts)
        }
    }

    /// Restores an account without its old roles; name and email come back from the
    /// archive unless purged (then they must be given).
    public func reactivate(login: String, displayName: String? = nil, email: String? = nil,
                           as context: ActorContext) throws(OpsError) -> StaffAccount {
        try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.usersManage, actor: actor)
            let target = try StaffQueries.require(login: login, db: db)
            guard !target.isActive else { throw OpsError.conflict("'\(target.login)' is already active.") }
            let archived = try Row.fetchOne(db, sql: "SELECT display_name, email FROM staff_archive WHERE staff_id = ?", arguments: [target.id])
            guard let name = (displayName ?? archived?["display_name"]).map(StaffValidation.normalizedName),
                  let mail = email ?? archived?["email"] else {
                throw OpsError.invalid(field: "name", message: "the archived name and email of '\(target.login)' were purged; give the name and email again.")
            }
            var errors: [FieldError] = []
            if let e = StaffValidation.displayName(name) { errors.append(e) }
            if let e = StaffValidation.email(mail) { errors.append(e) }
            if !errors.isEmpty { throw OpsError.invalidFields(errors) }
            if let owner = try String.fetchOne(db, sql: "SELECT login FROM staff WHERE email = ? AND id <> ?", arguments: [mail, target.id]) {
                throw OpsError.conflict("The email \(Printable.quote(mail)) already belongs to '\(owner)'.")
            }
            try db.execute(sql: "UPDATE staff SET status = 'active', display_name = ?, email = ? WHERE id = ?", arguments: [name, mail, target.id])
            try db.execute(sql: "DELETE FROM staff_archive WHERE staff_id = ?", arguments: [target.id])
            try bumpVersion(target.id, by: actor.login, db: db)
            let after = try StaffQueries.require(login: target.login, db: db)
            try audit(AuditChain.Record(action: "user.reactivate", target: target.login, before: try snapshot(target, db: db),
                                        after: try snapshot(after, db: db)), context, db: db)
            return after
        }
    }

    /// Applies retention: deletes archived personal data past its purge date, every copy
    /// registered features keep (`personalDataErasers`) and the person's fingerprint key,
    /// with SQLite's secure delete so the freed bytes are zeroed, not left in free pages.
    public func purgeArchived(as context: ActorContext) throws(OpsError) -> [String] {
        let purged = try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.usersManage, actor: actor)
            let now = Timestamp.format(clock.now())
            let people = try Row.fetchAll(db, sql: """
                SELECT s.id, s.login, a.display_name, a.email FROM staff_archive a JOIN staff s ON s.id = a.staff_id
                WHERE a.purge_after <= ? ORDER BY s.login
                """, arguments: [now]).map {
                PurgedPerson(staffID: $0["id"], login: $0["login"], displayName: $0["display_name"], email: $0["email"])
            }
            guard !people.isEmpty else { return [String]() }
            let secureDelete = try Int.fetchOne(db, sql: "PRAGMA secure_delete") ?? 0
            try db.execute(sql: "PRAGMA secure_delete = ON")
            defer { try? db.execute(sql: "PRAGMA secure_delete = \(secureDelete)") }
            var erased: [String: Int64] = [:]
            var keys = 0
            for person in people {
                for eraser in personalDataErasers { erased[eraser.kind, default: 0] += Int64(try eraser.erase(person, in: StoreTransaction(db))) }
                keys += try PersonalData.shredKey(staffID: person.staffID, db: db)
            }
            try db.execute(sql: "DELETE FROM staff_archive WHERE purge_after <= ?", arguments: [now])
            try audit(AuditChain.Record(action: "user.purge_archived", target: nil,
                                        after: ["purged": .array(people.map { .string($0.login) }), "rows_erased": .object(erased.mapValues(JSONValue.int)),
                                                "keys_destroyed": .int(Int64(keys))]), context, db: db)
            return people.map(\.login)
        }
        if !purged.isEmpty { truncateWAL() }
        return purged
    }

    /// Archived records awaiting purge (login, purge date).
    public func archivedStaff(as context: ActorContext) throws(OpsError) -> [(login: String, purgeAfter: String, reason: String)] {
        try read { db in
            try AccessPolicy.require(.usersRead, actor: try resolveActor(context, db: db))
            return try Row.fetchAll(db, sql: """
                SELECT s.login, a.purge_after, a.reason FROM staff_archive a JOIN staff s ON s.id = a.staff_id ORDER BY a.purge_after
                """).map { (login: $0["login"], purgeAfter: $0["purge_after"], reason: $0["reason"]) }
        }
    }
}
