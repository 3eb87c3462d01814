import OpsCore
import OpsStore

/// `users import --json`: the plan (and what was applied) for scripts. Absent values are
/// `null`, never missing keys.
struct ImportPlanJSON: Encodable {
    struct Counts: Encodable {
        var create, update, roleChanges, deactivate, refused, unchanged: Int
        enum CodingKeys: String, CodingKey {
            case create, update, deactivate, refused, unchanged
            case roleChanges = "role_changes"
        }
    }

    struct Create: Encodable { var line: Int; var login, name, email: String; var team: String?; var roles: [String] }
    struct Change: Encodable { var field: String; var before, after: String? }
    struct RoleChange: Encodable { var before, after: [String] }
    struct Update: Encodable { var line: Int; var login: String; var fields: [Change]; var roles: RoleChange? }
    struct Deactivation: Encodable {
        var login, reason: String
        var openWork: [String]
        var blocked: String?
        enum CodingKeys: String, CodingKey { case login, reason, blocked, openWork = "open_work" }
    }
    struct Refusal: Encodable { var line: Int; var login, field, reason: String }
    struct Applied: Encodable {
        var created, updated, rolesChanged, deactivated, pending: Int
        var failures: [[String: String]]
        enum CodingKeys: String, CodingKey { case created, updated, deactivated, pending, failures, rolesChanged = "roles_changed" }
    }

    var sha256: String
    var records: Int
    var exportDate: String
    var counts: Counts
    var create: [Create]
    var update: [Update]
    var deactivate: [Deactivation]
    var refused: [Refusal]
    var applied: Applied?

    enum CodingKeys: String, CodingKey {
        case sha256, records, counts, create, update, deactivate, refused, applied
        case exportDate = "export_date"
    }

    init(_ preview: ImportPreview, applied result: ImportResult?) {
        let p = preview.plan
        sha256 = preview.sha256
        records = preview.records
        exportDate = p.exportDate
        counts = Counts(create: p.creates.count, update: p.updates.count, roleChanges: p.roleChanges,
                        deactivate: p.deactivations.count, refused: p.refusals.count, unchanged: p.unchanged)
        create = p.creates.map { Create(line: $0.line, login: $0.login, name: $0.name, email: $0.email, team: $0.team, roles: $0.roles.map(\.rawValue)) }
        update = p.updates.map { u in
            Update(line: u.line, login: u.login, fields: u.fields.map { Change(field: $0.field, before: $0.before, after: $0.after) },
                   roles: u.roles.map { RoleChange(before: $0.before.map(\.rawValue), after: $0.after.map(\.rawValue)) })
        }
        deactivate = p.deactivations.map { Deactivation(login: $0.login, reason: $0.reason, openWork: $0.openWork, blocked: $0.blocked) }
        refused = p.refusals.map { Refusal(line: $0.line, login: $0.login, field: $0.field, reason: $0.reason) }
        applied = result.map { r in
            Applied(created: r.created, updated: r.updated, rolesChanged: r.rolesChanged, deactivated: r.deactivated, pending: r.pending,
                    failures: r.failures.map { ["login": $0.login, "action": $0.action, "reason": $0.reason] })
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(records, forKey: .records)
        try c.encode(exportDate, forKey: .exportDate)
        try c.encode(counts, forKey: .counts)
        try c.encode(create, forKey: .create)
        try c.encode(update, forKey: .update)
        try c.encode(deactivate, forKey: .deactivate)
        try c.encode(refused, forKey: .refused)
        try c.encode(applied, forKey: .applied)
    }
}
