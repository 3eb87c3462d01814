import Crypto
import Foundation
internal import GRDB
import OpsCore

/// HR imports (`pmops users import`, the console's Import…): the plan is computed by
/// `ImportPlanner` from one read snapshot; applying runs every account through the same
/// named operations as the CLI (`createStaff`, `updateStaff`, `setRoles`, `deactivate`),
/// each in its own transaction, then writes one `users.import` audit row.
extension AppDatabase {
    /// Reads and plans an export. Needs users.read: anyone who may list accounts may see
    /// what an import would do to them.
    public func planImport(_ data: Data, format: HRFormat, mapping: RoleMapping, reassignTo: String? = nil,
                           as context: ActorContext) throws(OpsError) -> ImportPreview {
        let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let records = try HRFile.records(data, format: format, mapping: mapping, today: clock.now())
        let date = String(Timestamp.format(clock.now()).prefix(10))
        let plan = try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.usersRead, actor: actor)
            let planner = ImportPlanner(actor: actor, accounts: try StaffQueries.list(StaffFilter(), db: db), mapping: mapping,
                                        separationOfDuty: try SettingsStore.separationOfDuty(db: db), exportDate: date,
                                        reassignTo: reassignTo)
            var failure: (any Error)? = nil
            let plan = planner.plan(records) { login in
                do {
                    return try openWorkProviders.flatMap { try $0.openWork(assignedTo: login, in: StoreTransaction(db)) }
                        .map { "\($0.kind) \($0.id) \"\(Printable.quote($0.title))\"" }
                } catch { failure = error; return [] }
            }
            if let failure { throw failure }
            return plan
        }
        return ImportPreview(plan: plan, sha256: sha, records: records.count)
    }

    /// Applies an export: needs users.manage and roles.assign. Deactivations only with
    /// `deactivateMissing`, and only those the plan does not block. Refused new people go
    /// to the pending-onboarding list; running the same file again changes nothing.
    public func applyImport(_ data: Data, format: HRFormat, mapping: RoleMapping, deactivateMissing: Bool,
                            reassignTo: String? = nil, as context: ActorContext) throws(OpsError) -> ImportResult {
        try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.usersManage, actor: actor)
            try AccessPolicy.require(.rolesAssign, actor: actor)
        }
        let preview = try planImport(data, format: format, mapping: mapping, reassignTo: reassignTo, as: context)
        var result = ImportResult(preview: preview)
        let plan = preview.plan
        for c in plan.creates {
            do {
                // `--apply` (or the console's typed confirmation) is the second look for every role the plan lists.
                _ = try createStaff(NewStaff(login: c.login, displayName: c.name, email: c.email, team: c.team, roles: c.roles.map(\.rawValue)),
                                    confirmedPowerGrant: true, as: context)
                result.created += 1
            } catch {
                try keepPending(.init(line: c.line, login: c.login, field: "account", reason: error.description, name: c.name, email: c.email,
                                      team: c.team, roles: c.roles), sha256: preview.sha256, context)
                result.pending += 1
            }
        }
        for u in plan.updates { apply(u, into: &result, context) }
        for r in plan.refusals where r.newPerson {
            try keepPending(r, sha256: preview.sha256, context)
            result.pending += 1
        }
        if deactivateMissing {
            for d in plan.deactivations where d.blocked == nil {
                do {
                    _ = try deactivate(login: d.login, reason: d.reason, reassignTo: d.openWork.isEmpty ? nil : reassignTo,
                                       expectedVersion: d.version, as: context)
                    result.deactivated += 1
                } catch { result.failures.append(.init(login: d.login, action: "deactivate", reason: error.description)) }
            }
        }
        try write { db in
            try audit(AuditChain.Record(action: "users.import", target: nil, after: [
                "sha256": .string(preview.sha256), "format": .string(format.rawValue), "records": .int(Int64(preview.records)),
                "created": .int(Int64(result.created)), "updated": .int(Int64(result.updated)),
                "roles_changed": .int(Int64(result.rolesChanged)), "deactivated": .int(Int64(result.deactivated)),
                "pending": .int(Int64(result.pending)), "refused": .int(Int64(plan.refusals.count)),
                "failed": .int(Int64(result.failures.count)), "unchanged": .int(Int64(plan.unchanged)),
            ]), context, db: db)
        }
        return result
    }

    private func apply(_ u: ImportPlan.Update, into result: inout ImportResult, _ context: ActorContext) {
        do {
            var version: Int? = u.version
            if !u.fields.isEmpty {
                var changes = StaffChanges()
                for f in u.fields {
                    switch f.field {
                    case "name": changes.displayName = f.after
                    case "email": changes.email = f.after
                    default: changes.team = .some(f.after)
                    }
                }
                version = try updateStaff(login: u.login, changes: changes, expectedVersion: u.version, as: context).version
                result.updated += 1
            }
            if let roles = u.roles {
                _ = try setRoles(login: u.login, roles: roles.after.map(\.rawValue), expectedVersion: version,
                                 confirmedPowerGrant: true, as: context)
                result.rolesChanged += 1
            }
        } catch { result.failures.append(.init(login: u.login, action: "update", reason: error.description)) }
    }
}
