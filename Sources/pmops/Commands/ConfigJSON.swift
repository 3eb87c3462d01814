import Foundation
import OpsCore
import OpsStore

struct ConfigKeyJSON: Encodable {
    let key, type, allowed, unit, summary, owner, defaultValue: String
    let environments: [String]
    let needsApproval: Bool
    enum CodingKeys: String, CodingKey {
        case key, type, allowed, unit, summary, owner, environments, defaultValue = "default", needsApproval = "needs_approval"
    }
    init(_ s: SettingSchema) {
        (key, type, allowed, unit, summary, owner, defaultValue) = (s.key, s.type.name, s.type.allowed, s.unit, s.summary, s.owner, s.defaultValue)
        environments = ConfigEnvironment.allCases.map(\.rawValue)
        needsApproval = s.needsApproval
    }
}

struct ChangeSetJSON: Encodable {
    struct Item: Encodable { let key, environment, value: String }
    struct Step: Encodable { let action: String, environment: String?, by: String, at: String, note: String? }
    let id: Int64
    let status, rationale, author, createdAt, updatedAt: String
    let impact, approver, rejectReason: String?
    let rollbackOf: Int64?
    let items: [Item]
    let history: [Step]?
    enum CodingKeys: String, CodingKey {
        case id, status, rationale, author, impact, approver, items, history
        case createdAt = "created_at", updatedAt = "updated_at", rejectReason = "reject_reason", rollbackOf = "rollback_of"
    }
    init(_ s: ConfigChangeSet, history: [ConfigHistoryEntry]?) {
        (id, status, rationale, author) = (s.id, s.status.rawValue, s.rationale, s.author)
        (impact, approver, rejectReason, rollbackOf) = (s.impact, s.approver, s.rejectReason, s.rollbackOf)
        (createdAt, updatedAt) = (Timestamp.format(s.createdAt), Timestamp.format(s.updatedAt))
        items = s.items.map { Item(key: $0.key, environment: $0.environment.rawValue, value: $0.value) }
        self.history = history?.map { Step(action: $0.action, environment: $0.environment?.rawValue, by: $0.by, at: Timestamp.format($0.at), note: $0.note) }
    }
}

struct KeyVersionJSON: Encodable {
    let key, environment, value, previous: String
    let version, revision: Int
    let changeSet: Int64
    enum CodingKeys: String, CodingKey { case key, environment, value, previous, version, revision, changeSet = "change_set" }
    init(_ v: ConfigKeyVersion) {
        (key, environment, value, previous) = (v.key, v.environment.rawValue, v.value, v.previous)
        (version, revision, changeSet) = (v.version, v.revision, v.changeSet)
    }
}

struct SnapshotJSON: Encodable {
    struct Entry: Encodable { let key, value: String, version: Int }
    let environment: String
    let revision: Int
    let sha256: String
    let settings: [Entry]
    init(_ s: ConfigSnapshot) {
        (environment, revision, sha256) = (s.environment.rawValue, s.revision, s.sha256)
        settings = s.entries.map { Entry(key: $0.key, value: $0.value, version: $0.version) }
    }
}

struct ConfigOverviewJSON: Encodable {
    let staging, production: SnapshotJSON
    let open: [ChangeSetJSON]
}

struct DiffJSON: Encodable { let key, left, right: String }
struct DiffReportJSON: Encodable {
    let left, right: String
    let differences: [DiffJSON]
}

struct PolicyJSON: Encodable {
    let rule, kind, summary: String
    let environments: [String]
    let staging, production: String
}

/// Plain-text output shared by the config subcommands.
enum ConfigText {
    static func printSets(_ sets: [ConfigChangeSet]) {
        CLI.printTable(["ID", "STATUS", "AUTHOR", "APPROVER", "KEYS", "RATIONALE"], sets.map { s in
            [String(s.id), s.status.rawValue, s.author, s.approver ?? "-", s.keys.joined(separator: ","), Printable.excerpt(s.rationale)]
        })
    }

    static func printSet(_ s: ConfigChangeSet, history: [ConfigHistoryEntry]) {
        print("Change set \(s.id): \(s.status)\(s.rollbackOf.map { " (rolls back \($0))" } ?? "")")
        print("Author: \(CLI.safe(s.author))   Approver: \(CLI.safe(s.approver ?? "-"))")
        print("Rationale: \(CLI.safe(s.rationale))")
        if let impact = s.impact { print("Impact: \(CLI.safe(impact))") }
        if let reason = s.rejectReason { print("Rejected: \(CLI.safe(reason))") }
        CLI.printTable(["ENV", "KEY", "VALUE"], s.items.map { [$0.environment.rawValue, $0.key, $0.value] })
        CLI.printTable(["AT", "ACTION", "ENV", "BY", "NOTE"], history.map { h in
            [Timestamp.format(h.at), h.action, h.environment?.rawValue ?? "-", h.by, h.note ?? ""]
        })
    }

    /// What can happen next, as the command to type.
    static func printNext(_ s: ConfigChangeSet) {
        let next = ConfigLifecycle.allowed(from: s.status).map { action in
            switch action {
            case .submit: "pmops config set \(s.id) --submit"
            case .approve: "pmops config approve \(s.id) (another person)"
            case .reject: "pmops config reject \(s.id) --reason TEXT"
            case .applyStaging: "pmops config apply \(s.id) --env staging"
            case .verifyStaging: "pmops config verify \(s.id) --env staging"
            case .applyProduction: "pmops config apply \(s.id) --env production"
            case .verifyProduction: "pmops config verify \(s.id) --env production"
            case .rollBack: "pmops config rollback \(s.id) --rationale TEXT"
            }
        }
        if !next.isEmpty { print("Next: " + next.joined(separator: " | ")) }
    }
}
