import Foundation

/// A configuration change set: keys and values with a rationale, reviewed by a second
/// person, applied to staging, verified, applied to production, verified; or rejected, or
/// rolled back by another change set.
public struct ConfigChangeSet: Sendable, Equatable, Codable {
    public enum Status: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
        case draft, inReview = "in_review", approved, rejected
        case stagingApplied = "staging_applied", stagingVerified = "staging_verified"
        case productionApplied = "production_applied", productionVerified = "production_verified"
        case rolledBack = "rolled_back"
        public var description: String { rawValue }

        /// Open sets hold their keys: no other open set may touch them.
        public var isOpen: Bool { ![.rejected, .productionVerified, .rolledBack].contains(self) }
    }

    /// What a person asks of a change set.
    public enum Action: String, Sendable, CaseIterable, CustomStringConvertible {
        case submit, approve, reject, applyStaging = "apply --env staging", verifyStaging = "verify --env staging"
        case applyProduction = "apply --env production", verifyProduction = "verify --env production", rollBack = "rollback"
        public var description: String { rawValue }
    }

    public struct Item: Sendable, Equatable, Codable {
        public let key: String
        public let environment: ConfigEnvironment
        public let value: String
        public init(key: String, environment: ConfigEnvironment, value: String) {
            self.key = key
            self.environment = environment
            self.value = value
        }
    }

    public var id: Int64
    public var status: Status
    public var rationale: String
    public var impact: String?
    public var author: String
    public var approver: String?
    public var rejectReason: String?
    /// The change set this one rolls back, when it is a rollback.
    public var rollbackOf: Int64?
    public var createdAt: Date
    public var updatedAt: Date
    public var items: [Item]

    public init(id: Int64, status: Status, rationale: String, impact: String?, author: String, approver: String?, rejectReason: String?,
                rollbackOf: Int64?, createdAt: Date, updatedAt: Date, items: [Item]) {
        self.id = id
        self.status = status
        self.rationale = rationale
        self.impact = impact
        self.author = author
        self.approver = approver
        self.rejectReason = rejectReason
        self.rollbackOf = rollbackOf
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.items = items
    }

    public var keys: [String] { Array(Set(items.map(\.key))).sorted() }
    public func items(in env: ConfigEnvironment) -> [Item] { items.filter { $0.environment == env } }
}

/// The change set state machine. Pure: the store calls it inside the transaction.
public enum ConfigLifecycle {
    public typealias Status = ConfigChangeSet.Status
    public typealias Action = ConfigChangeSet.Action

    /// The actions allowed from `status`.
    public static func allowed(from status: Status) -> [Action] {
        switch status {
        case .draft: [.submit]
        case .inReview: [.approve, .reject]
        case .approved: [.applyStaging]
        case .stagingApplied: [.verifyStaging, .rollBack]
        case .stagingVerified: [.applyProduction, .rollBack]
        case .productionApplied: [.verifyProduction, .rollBack]
        case .productionVerified: [.rollBack]
        case .rejected, .rolledBack: []
        }
    }

    /// The status after `action`, or a refusal naming the allowed actions.
    public static func next(_ status: Status, _ action: Action, id: Int64) throws(OpsError) -> Status {
        guard allowed(from: status).contains(action) else {
            let options = allowed(from: status).map(\.rawValue).joined(separator: ", ")
            let tail = options.isEmpty ? " (it is closed)." : "; allowed: \(options)."
            throw .conflict("Change set \(id) is \(status); \(action) is not possible" + tail)
        }
        switch action {
        case .submit: return .inReview
        case .approve: return .approved
        case .reject: return .rejected
        case .applyStaging: return .stagingApplied
        case .verifyStaging: return .stagingVerified
        case .applyProduction: return .productionApplied
        case .verifyProduction: return .productionVerified
        case .rollBack: return .rolledBack
        }
    }

    /// Four-eyes: the reviewer is never the author, whatever their roles.
    public static func checkReviewer(_ reviewer: String, of set: ConfigChangeSet) throws(OpsError) {
        if reviewer.lowercased() == set.author.lowercased() {
            throw .permissionDenied("Four-eyes: \(reviewer) drafted change set \(set.id) and cannot review it; another person with config.approve must.")
        }
    }

    /// Submitting a set whose keys need no approval approves it at once.
    public static func needsApproval(_ set: ConfigChangeSet, registry: PlatformRegistry) -> Bool {
        set.items.contains { registry[$0.key]?.needsApproval ?? true }
    }

    /// Refuses a draft touching a key that another open set already touches, naming both.
    public static func checkConflicts(keys: [String], against open: [(id: Int64, keys: [String])], except: Set<Int64> = []) throws(OpsError) {
        let mine = Set(keys)
        for other in open where !except.contains(other.id) {
            let shared = mine.intersection(other.keys).sorted()
            if !shared.isEmpty {
                throw .conflict("Conflict: change set \(other.id) is still open and also changes \(shared.joined(separator: ", ")); apply, reject or roll it back first.")
            }
        }
    }

    /// Validates what a draft asks: a rationale, at least one key, known keys with values
    /// inside their schema, each key once per environment.
    public static func validateDraft(rationale: String, impact: String?, assignments: [(key: String, value: String)],
                                     environments: [ConfigEnvironment], registry: PlatformRegistry) throws(OpsError) -> [ConfigChangeSet.Item] {
        let rationale = rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !rationale.isEmpty else { throw .invalid(field: "rationale", message: "a change set needs a rationale: why this change, and why now.") }
        guard rationale.count <= 2_000 else { throw .invalid(field: "rationale", message: "keep the rationale under 2,000 characters.") }
        if let impact, impact.count > 2_000 { throw .invalid(field: "impact", message: "keep the impact note under 2,000 characters.") }
        guard !assignments.isEmpty else { throw .invalid(field: "values", message: "name at least one KEY=VALUE to change.") }
        guard !environments.isEmpty else { throw .invalid(field: "env", message: "name at least one environment.") }
        var seen: Set<String> = []
        var items: [ConfigChangeSet.Item] = []
        for assignment in assignments {
            let schema = try registry.schema(assignment.key)
            guard seen.insert(schema.key).inserted else { throw .invalid(field: "values", message: "\(schema.key) is named twice.") }
            let value = try schema.normalize(assignment.value)
            for env in environments { items.append(.init(key: schema.key, environment: env, value: value)) }
        }
        return items
    }

    /// Splits "key=value" as typed on the command line.
    public static func assignment(_ text: String) throws(OpsError) -> (key: String, value: String) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw .invalid(field: "values", message: "\(Printable.excerpt(text)) is not KEY=VALUE.")
        }
        return (String(text[..<eq]).trimmingCharacters(in: .whitespaces), String(text[text.index(after: eq)...]))
    }
}
