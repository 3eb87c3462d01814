/// The permission and separation-of-duty rules, as pure functions over accounts. The
/// store calls these inside its write transaction, so the CLI and the console get the
/// same answers and nothing can skip them.
public enum AccessPolicy {
    /// Refuses unless `actor` is active and holds `permission`.
    public static func require(_ permission: Permission, actor: StaffAccount) throws(OpsError) {
        guard actor.isActive else {
            throw .permissionDenied("Permission denied: the account '\(actor.login)' is deactivated.")
        }
        guard actor.permissions.contains(permission) else {
            throw .permissionDenied("Permission denied: '\(actor.login)' lacks \(permission.rawValue) (roles: \(describe(actor.roles))).")
        }
    }

    /// May `actor` change `target`'s roles from `current` to `proposed`?
    /// - no escalation: every role granted or revoked must hold only permissions the actor has;
    /// - only super_admin grants or revokes admin and super_admin;
    /// - separation of duty on the result;
    /// - no lockout: the last active super_admin keeps the role.
    public static func checkRoleChange(actor: StaffAccount, target: StaffAccount?, current: Set<Role>,
                                       proposed: Set<Role>, sod: SeparationOfDuty,
                                       activeSuperAdmins: Int) throws(OpsError) {
        try require(.rolesAssign, actor: actor)
        let changed = current.symmetricDifference(proposed)
        if !changed.isDisjoint(with: RoleMatrix.privileged), !actor.roles.contains(.superAdmin) {
            let role = changed.intersection(RoleMatrix.privileged).sorted().first ?? .admin
            throw .permissionDenied("Permission denied: only a super_admin may grant or revoke \(role.rawValue).")
        }
        for role in changed.sorted() {
            let missing = RoleMatrix.permissions(of: role).subtracting(actor.permissions)
            if let first = missing.sorted().first {
                throw .permissionDenied("Permission denied: \(role.rawValue) holds \(first.rawValue), which '\(actor.login)' does not have; nobody grants or revokes more than they hold.")
            }
        }
        if let pair = sod.conflict(in: proposed) {
            throw .conflict("Separation of duty: nobody may hold both \(SeparationOfDuty.describe(pair, heldBy: proposed)).")
        }
        if let target, target.isActive, current.contains(.superAdmin), !proposed.contains(.superAdmin), activeSuperAdmins <= 1 {
            throw .conflict("Refused: '\(target.login)' is the last active super_admin; grant super_admin to someone else first.")
        }
    }

    /// Refuses granting a role of `RoleMatrix.confirmedGrants` that was not confirmed.
    /// Checked by the store, where the CLI and the console meet, after the permission
    /// rules (so someone who may not grant the role hears that first).
    public static func checkPowerGrant(current: Set<Role>, proposed: Set<Role>, confirmed: Bool) throws(OpsError) {
        let granted = proposed.subtracting(current).intersection(RoleMatrix.confirmedGrants)
        guard !confirmed, !granted.isEmpty else { return }
        let names = granted.sorted().map(\.rawValue).joined(separator: " and ")
        throw .invalid(field: "confirmation", message: "granting \(names) needs a second look; nothing was changed until it is confirmed.")
    }

    /// May `actor` change the separation-of-duty pairs? Only a super_admin: the pairs
    /// constrain admins, so an admin who could rewrite them could switch them off.
    public static func checkSeparationOfDutyChange(actor: StaffAccount) throws(OpsError) {
        try require(.settingsManage, actor: actor)
        guard actor.roles.contains(.superAdmin) else {
            throw .permissionDenied("Permission denied: only a super_admin may change sod.pairs (the separation-of-duty rules constrain admins).")
        }
    }

    /// May `actor` change `target`'s account at all? Only someone who holds every
    /// permission of the target's roles may edit or deactivate it; otherwise an admin could
    /// sideline an auditor (deactivation revokes roles they may not revoke) or redirect a
    /// super_admin's mail.
    public static func checkManage(actor: StaffAccount, target: StaffAccount) throws(OpsError) {
        try require(.usersManage, actor: actor)
        guard actor.id != target.id else { return }
        if !target.roles.isDisjoint(with: RoleMatrix.privileged), !actor.roles.contains(.superAdmin) {
            let role = target.roles.intersection(RoleMatrix.privileged).sorted().first ?? .admin
            throw .permissionDenied("Permission denied: only a super_admin may change the account of a\(role == .admin ? "n" : "") \(role.rawValue).")
        }
        let missing = RoleMatrix.permissions(of: target.roles).subtracting(actor.permissions)
        if let first = missing.sorted().first {
            throw .permissionDenied("Permission denied: '\(target.login)' holds \(first.rawValue), which '\(actor.login)' does not have; nobody changes the account of someone holding more than they do.")
        }
    }

    /// May `actor` deactivate `target`?
    public static func checkDeactivate(actor: StaffAccount, target: StaffAccount, activeSuperAdmins: Int) throws(OpsError) {
        try require(.usersManage, actor: actor)
        if actor.id == target.id {
            throw .conflict("Refused: you cannot deactivate your own account.")
        }
        guard target.isActive else { throw .conflict("'\(target.login)' is already deactivated.") }
        if target.roles.contains(.superAdmin) {
            guard actor.roles.contains(.superAdmin) else {
                throw .permissionDenied("Permission denied: only a super_admin may deactivate a super_admin.")
            }
            if activeSuperAdmins <= 1 {
                throw .conflict("Refused: '\(target.login)' is the last active super_admin.")
            }
        }
        if target.roles.contains(.admin), !actor.roles.contains(.superAdmin) {
            throw .permissionDenied("Permission denied: only a super_admin may deactivate an admin.")
        }
        try checkManage(actor: actor, target: target)
    }

    static func describe(_ roles: Set<Role>) -> String {
        roles.isEmpty ? "none" : roles.sorted().map(\.rawValue).joined(separator: ", ")
    }
}
