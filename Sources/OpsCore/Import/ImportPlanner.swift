import Foundation

/// Computes an `ImportPlan` from an export and the accounts as they are, with the same
/// core rules the store applies (validation, no escalation, separation of duty, no
/// lockout), so the dry run refuses what the apply would refuse. Pure: no store access.
public struct ImportPlanner: Sendable {
    public var actor: StaffAccount
    public var accounts: [StaffAccount]
    public var mapping: RoleMapping
    public var separationOfDuty: SeparationOfDuty
    public var exportDate: String
    public var reassignTo: String?

    public init(actor: StaffAccount, accounts: [StaffAccount], mapping: RoleMapping, separationOfDuty: SeparationOfDuty,
                exportDate: String, reassignTo: String? = nil) {
        self.actor = actor
        self.accounts = accounts
        self.mapping = mapping
        self.separationOfDuty = separationOfDuty
        self.exportDate = exportDate
        self.reassignTo = reassignTo
    }

    /// `openWork(login)` lists the open items of someone proposed for deactivation.
    public func plan(_ records: [HRRecord], openWork: (String) -> [String]) -> ImportPlan {
        var plan = ImportPlan(exportDate: exportDate)
        var byLogin: [String: StaffAccount] = [:], emailOwner: [String: String] = [:]
        byLogin.reserveCapacity(accounts.count)
        for a in accounts {
            byLogin[a.login] = a
            if let e = a.email { emailOwner[e.lowercased()] = a.login }
        }
        let supers = accounts.count { $0.isActive && $0.roles.contains(.superAdmin) }
        var seen = Set<String>()
        for r in records {
            seen.insert(r.login)
            let existing = byLogin[r.login]
            if !r.active {
                if let existing, existing.isActive {
                    plan.deactivations.append(deactivation(existing, reason: "inactive in HR export of \(exportDate)", supers: supers, openWork: openWork))
                } else { plan.unchanged += 1 }
                continue
            }
            let roles: Set<Role>
            switch validate(r) {
            case let .failure(e):
                let mapped = (try? mapping.roles(for: r).get()) ?? []
                plan.refusals.append(refusal(r, e, roles: mapped, newPerson: existing == nil))
                continue
            case let .success(mapped): roles = mapped
            }
            let team = Self.team(r.department)
            if let owner = emailOwner[r.email.lowercased()], owner != r.login {
                plan.refusals.append(refusal(r, FieldError(field: "email", message: "\(Printable.quote(r.email)) already belongs to '\(owner)'."), roles: roles, newPerson: existing == nil))
                continue
            }
            guard let existing else {
                do throws(OpsError) {
                    try AccessPolicy.checkRoleChange(actor: actor, target: nil, current: [], proposed: roles,
                                                     sod: separationOfDuty, activeSuperAdmins: supers)
                    let name = StaffValidation.normalizedName(r.name)
                    plan.creates.append(.init(line: r.line, login: r.login, name: name, email: r.email, team: team, roles: roles.sorted()))
                } catch { plan.refusals.append(refusal(r, FieldError(field: "roles", message: error.description), roles: roles, newPerson: true)) }
                continue
            }
            guard existing.isActive else {
                plan.refusals.append(refusal(r, FieldError(field: "status", message: "'\(existing.login)' is deactivated in pmops; reactivate it by hand if the person is back."), roles: roles, newPerson: false))
                continue
            }
            if let update = update(existing, r, team: team, mapped: roles, supers: supers, into: &plan) {
                plan.updates.append(update)
            }
        }
        for a in accounts where a.isActive && !seen.contains(a.login) {
            plan.deactivations.append(deactivation(a, reason: "not in HR export of \(exportDate)", supers: supers, openWork: openWork))
        }
        plan.deactivations.sort { $0.login < $1.login }
        return plan
    }

    func validate(_ r: HRRecord) -> Result<Set<Role>, FieldError> {
        if let p = r.problem { return .failure(p) }
        if let e = StaffValidation.login(r.login) ?? StaffValidation.displayName(r.name) ?? StaffValidation.email(r.email) { return .failure(e) }
        if let d = r.department, Self.team(d) == nil {
            return .failure(FieldError(field: "department", message: "\(Printable.excerpt(d)) does not make a team name (1–40 of a-z, 0-9, '-' and '_' once spaces become '-')."))
        }
        return mapping.roles(for: r)
    }

    func update(_ a: StaffAccount, _ r: HRRecord, team: String?, mapped: Set<Role>, supers: Int, into plan: inout ImportPlan) -> ImportPlan.Update? {
        var fields: [ImportPlan.FieldChange] = []
        let name = StaffValidation.normalizedName(r.name)
        if a.displayName != name { fields.append(.init(field: "name", before: a.displayName, after: name)) }
        if a.email != r.email { fields.append(.init(field: "email", before: a.email, after: r.email)) }
        if a.team != team { fields.append(.init(field: "team", before: a.team, after: team)) }
        // Admins are made by hand: an import neither grants nor takes super_admin or admin.
        let proposed = mapped.union(a.roles.intersection(RoleMatrix.privileged))
        do throws(OpsError) {
            if !fields.isEmpty { try AccessPolicy.checkManage(actor: actor, target: a) }
            if proposed != a.roles {
                try AccessPolicy.checkRoleChange(actor: actor, target: a, current: a.roles, proposed: proposed,
                                                 sod: separationOfDuty, activeSuperAdmins: supers)
            }
        } catch {
            plan.refusals.append(refusal(r, FieldError(field: proposed != a.roles ? "roles" : "account", message: error.description), roles: mapped, newPerson: false))
            return nil
        }
        if fields.isEmpty && proposed == a.roles { plan.unchanged += 1; return nil }
        return .init(line: r.line, login: a.login, version: a.version, fields: fields,
                     roles: proposed == a.roles ? nil : (a.sortedRoles, proposed.sorted()))
    }

    func deactivation(_ a: StaffAccount, reason: String, supers: Int, openWork: (String) -> [String]) -> ImportPlan.Deactivation {
        let work = openWork(a.login)
        var blocked: String? = nil
        do throws(OpsError) {
            try AccessPolicy.checkDeactivate(actor: actor, target: a, activeSuperAdmins: supers)
            if !work.isEmpty, reassignTo == nil { blocked = "\(work.count) open item(s) and no --reassign-to." }
        } catch { blocked = error.description }
        return .init(login: a.login, version: a.version, reason: reason, openWork: work, blocked: blocked)
    }

    func refusal(_ r: HRRecord, _ e: FieldError, roles: Set<Role>, newPerson: Bool) -> ImportPlan.Refusal {
        .init(line: r.line, login: r.login, field: e.field, reason: e.message, name: r.name, email: r.email,
              team: Self.team(r.department), roles: roles.sorted(), newPerson: newPerson)
    }

    /// A department as a team name: lower case, blanks and '/', '.', '&' as '-'; nil when
    /// the result is still not a team name.
    public static func team(_ department: String?) -> String? {
        guard let department else { return nil }
        var out = ""
        for c in department.lowercased() {
            if c == " " || c == "/" || c == "." || c == "&" { if !out.hasSuffix("-") { out.append("-") } } else { out.append(c) }
        }
        let t = out.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return StaffValidation.team(t) == nil ? t : nil
    }
}
