/// The published role → permission table. `Docs/ROLES.md` is generated from this and a
/// test fails when the two differ, so the docs and the code cannot drift.
public enum RoleMatrix {
    public static func permissions(of role: Role) -> Set<Permission> {
        switch role {
        case .superAdmin:
            return Set(Permission.allCases)
        case .admin:
            // Everything but the audit trail (separation of duty: account managers do not
            // review their own trail) and impersonation. Admins hold the operational
            // permissions because nobody may grant a role whose permissions they lack:
            // this is what lets an admin grant ops, support, finance, success and readonly,
            // while security and auditor (which read the audit trail) stay super_admin's.
            // Security incidents are need-to-know: security and the named responders, not
            // every account manager.
            return Set(Permission.allCases).subtracting([.auditRead, .auditExport, .usersImpersonate, .incidentsSecurity, .integrationsReview])
        case .ops:
            return [.usersRead, .metricsRead, .collectorRun, .rulesManage, .alertsRead, .alertsAck,
                    .alertsManage, .silencesManage, .incidentsRead, .incidentsManage, .changesRecord, .changesRead,
                    .deploysRecord, .configPropose, .ticketsRead, .ticketsManage, .integrationsManage]
        case .devops:
            // People who ship: they report deployments, draft and approve configuration
            // (four-eyes: never their own change set, checked in the core) and run flag
            // rollouts. They see the alerts and incidents their changes cause.
            return [.usersRead, .metricsRead, .alertsRead, .alertsAck, .incidentsRead, .changesRecord, .changesRead,
                    .deploysRecord, .configPropose, .configApprove, .flagsManage, .ticketsRead, .integrationsManage]
        case .security:
            return [.usersRead, .auditRead, .auditExport, .metricsRead, .alertsRead, .alertsAck,
                    .alertsManage, .silencesManage, .incidentsRead, .incidentsManage, .incidentsSecurity, .changesRead,
                    .configApprove, .ticketsRead, .ticketsManage, .integrationsReview]
        case .support:
            return [.usersRead, .metricsRead, .alertsRead, .incidentsRead, .changesRead, .ticketsRead, .ticketsManage]
        case .finance:
            return [.usersRead, .metricsRead, .billingRead, .billingManage, .ticketsRead, .ticketsManage]
        case .success:
            return [.usersRead, .metricsRead, .alertsRead, .incidentsRead, .changesRead, .ticketsRead, .ticketsManage, .customersManage]
        case .auditor:
            return [.usersRead, .auditRead, .auditExport, .outboxRead, .metricsRead, .alertsRead,
                    .incidentsRead, .changesRead, .ticketsRead]
        case .readonly:
            return [.usersRead, .metricsRead, .alertsRead, .incidentsRead, .changesRead, .ticketsRead]
        }
    }

    /// The union of permissions granted by `roles`.
    public static func permissions(of roles: some Sequence<Role>) -> Set<Permission> {
        roles.reduce(into: Set<Permission>()) { $0.formUnion(permissions(of: $1)) }
    }

    /// Roles only a super_admin may grant or revoke.
    public static let privileged: Set<Role> = [.superAdmin, .admin]
    /// Roles whose grant is confirmed on purpose (typed in the console, `--yes` in the
    /// CLI): they run the platform or read its audit trail, so a stray keypress must not
    /// give them.
    public static let confirmedGrants: Set<Role> = [.superAdmin, .admin, .security, .auditor]

    /// Markdown table of the matrix (rows: permissions, columns: roles).
    public static func markdown() -> String {
        var out = "| permission | " + Role.allCases.map(\.rawValue).joined(separator: " | ") + " | what it allows |\n"
        out += "|---|" + Role.allCases.map { _ in ":-:|" }.joined() + "---|\n"
        for permission in Permission.allCases {
            let marks = Role.allCases.map { permissions(of: $0).contains(permission) ? "✔" : "" }
            out += "| `\(permission.rawValue)` | " + marks.joined(separator: " | ") + " | \(permission.summary) |\n"
        }
        return out
    }
}
