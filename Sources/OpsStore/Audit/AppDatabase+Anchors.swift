import Foundation
internal import GRDB
import OpsCore

extension AuditChain {
    /// The chain's head as stored (nil before the first row), read inside a transaction.
    static func head(db: Database) throws -> AuditAnchor? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: headSQL)) else { return nil }
        let id: Int64 = row[0]
        return id > 0 ? AuditAnchor(at: "", auditID: id, hash: row[1]) : nil
    }
}

extension AppDatabase {
    /// Appends `head` to the anchor file when this process has not anchored it (or a
    /// later head) yet: at most one line per write transaction.
    func anchor(_ head: AuditAnchor) {
        guard let path else { return }
        let isNew = anchoredID.withLock { last in
            guard head.auditID > last else { return false }
            last = head.auditID
            return true
        }
        guard isNew else { return }
        var stamped = head
        stamped.at = Timestamp.format(clock.now())
        AuditAnchors.append(stamped, store: path)
    }

    /// The latest anchor of this store's head, nil in memory or when none was written.
    public func latestAnchor() -> AuditAnchor? {
        path.map { AuditAnchors.latest(store: $0) } ?? nil
    }
}
