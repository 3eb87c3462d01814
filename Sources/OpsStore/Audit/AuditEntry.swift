import Foundation
package import GRDB
import OpsCore

/// One audit row as stored. `before`/`after` are JSON text.
public struct AuditEntry: Codable, Equatable, Sendable, StoredRecord {
    public var id: Int64
    public var at: String
    public var actor: String
    public var impersonator: String?
    public var action: String
    public var target: String?
    public var before: String?
    public var after: String?
    public var reason: String?
    public var prevHash: String
    public var hash: String

    enum CodingKeys: String, CodingKey {
        case id, at, actor, impersonator, action, target, before, after, reason
        case prevHash = "prev_hash", hash
    }

    /// Every key always, `null` when absent: scripts read `row["before"]` without a
    /// KeyError (the synthesized encoder would drop nil keys).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(at, forKey: .at)
        try c.encode(actor, forKey: .actor)
        try c.encode(impersonator, forKey: .impersonator)
        try c.encode(action, forKey: .action)
        try c.encode(target, forKey: .target)
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
        try c.encode(reason, forKey: .reason)
        try c.encode(prevHash, forKey: .prevHash)
        try c.encode(hash, forKey: .hash)
    }

    package init(row: Row) throws {
        id = row["id"]
        at = row["at"]
        actor = row["actor"]
        impersonator = row["impersonator"]
        action = row["action"]
        target = row["target"]
        before = row["before"]
        after = row["after"]
        reason = row["reason"]
        prevHash = row["prev_hash"]
        hash = row["hash"]
    }
}

/// Filters for `pmops audit list` and the console's audit view.
public struct AuditFilter: Sendable, Equatable {
    public var actor: String?
    public var action: String?
    public var target: String?
    public var since: Date?
    public var until: Date?
    public var limit: Int?
    public var newestFirst: Bool
    public init(actor: String? = nil, action: String? = nil, target: String? = nil, since: Date? = nil,
                until: Date? = nil, limit: Int? = nil, newestFirst: Bool = false) {
        self.actor = actor
        self.action = action
        self.target = target
        self.since = since
        self.until = until
        self.limit = limit
        self.newestFirst = newestFirst
    }
}

/// The outcome of walking the chain.
public struct AuditVerification: Sendable, Equatable {
    public var rowsChecked: Int
    public var headHash: String?
    /// The first problem found, nil when the chain is intact.
    public var problem: String?
    public var firstBadRow: Int64?
    /// The anchor recorded outside the store that the chain was checked against.
    public var anchor: AuditAnchor?
    public var ok: Bool { problem == nil }
}

/// One anchored audit head: the chain had at least `auditID` rows, row `auditID` hashing
/// to `hash`, at time `at`.
public struct AuditAnchor: Sendable, Equatable {
    public var at: String
    public var auditID: Int64
    public var hash: String
    public init(at: String, auditID: Int64, hash: String) {
        self.at = at
        self.auditID = auditID
        self.hash = hash
    }
}
