import Foundation
package import GRDB
import OpsCore

/// One outbox row.
public struct OutboxMessage: Codable, Equatable, Sendable, StoredRecord {
    public var id: Int64
    public var createdAt: String
    public var kind: String
    public var to: String
    public var subject: String
    public var body: String
    public var status: String
    public var attempts: Int
    public var lastError: String?
    public var nextAttemptAt: String?
    public var sentAt: String?
    /// The alert a page is about (nil for other mail and for digests).
    public var alertID: Int64?
    /// Threading, for ticket mail: the `Message-ID` fixed when it was queued (the ticket
    /// entry records the same), and the ids it answers.
    public var messageID: String?
    public var inReplyTo: String?
    public var references: [String]

    enum CodingKeys: String, CodingKey {
        case id, kind, to, subject, body, status, attempts
        case createdAt = "created_at", lastError = "last_error", nextAttemptAt = "next_attempt_at", sentAt = "sent_at"
        case alertID = "alert_id"
        case messageID = "message_id", inReplyTo = "in_reply_to", references
    }

    package init(row: Row) throws {
        id = row["id"]
        createdAt = row["created_at"]
        kind = row["kind"]
        to = row["to_addr"]
        subject = row["subject"]
        body = row["body"]
        status = row["status"]
        attempts = row["attempts"]
        lastError = row["last_error"]
        nextAttemptAt = row["next_attempt_at"]
        sentAt = row["sent_at"]
        alertID = row["alert_id"]
        messageID = row["message_id"]
        inReplyTo = row["in_reply_to"]
        references = (row["references_ids"] as String?).map { $0.split(separator: " ").map(String.init) } ?? []
    }
}

/// The result of one delivery run.
public struct DeliveryReport: Sendable, Equatable, Codable {
    public var sent: Int = 0
    public var retrying: Int = 0
    public var failed: Int = 0
    public var errors: [String] = []
}

enum OutboxStore {
    /// After this many failed attempts a message is marked failed (it stays visible).
    static let maxAttempts = 8
    /// The kind of a webhook page; its `to_addr` is `webhook:NAME`, never the URL.
    static let webhookKind = "webhook"

    static func enqueue(kind: String, to: String, subject: String, body: String, alertID: Int64? = nil, thread: MailThread? = nil,
                        at date: Date, db: Database) throws {
        let now = Timestamp.format(date)
        try db.cachedExecute(sql: """
            INSERT INTO outbox (created_at, kind, to_addr, subject, body, status, attempts, next_attempt_at, alert_id,
                                message_id, in_reply_to, references_ids)
            VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?)
            """, arguments: [now, kind, to, subject, body, now, alertID, thread?.messageID, thread?.inReplyTo,
                             thread.flatMap { $0.references.isEmpty ? nil : $0.references.joined(separator: " ") }])
    }

    static func enqueueWelcome(for account: StaffAccount, from: String, at date: Date, db: Database) throws {
        let name = account.displayName ?? account.login
        let roles = account.sortedRoles.map { "  - \($0.rawValue): \($0.summary)" }.joined(separator: "\n")
        let body = """
        Hello \(name),

        A PenguinOps account was created for you: login '\(account.login)'\(account.team.map { ", team \($0)" } ?? "").

        Roles granted:
        \(roles)

        To get started:
          1. Log in to the operations host over SSH with your usual credentials as '\(account.login)'.
          2. Run `pmops` to open the console (or `pmops --help` for the command line).
          3. Run `pmops users show \(account.login)` to see your roles and permissions.

        pmops recognises you by your OS login; there is no separate password.
        Questions: reply to this message or ask in #ops.

        — PenguinOps
        """
        try enqueue(kind: "welcome", to: account.email ?? "", subject: "Welcome to PenguinOps, \(name)", body: body, at: date, db: db)
    }

    /// Backoff before retry n (1-based): 1 min, 2, 4, … capped at 1 h.
    static func backoff(attempt: Int) -> TimeInterval {
        min(3600, 60 * pow(2, Double(max(0, attempt - 1))))
    }
}

extension AppDatabase {
    public func outbox(status: String? = nil, limit: Int = 200, as context: ActorContext) throws(OpsError) -> [OutboxMessage] {
        try read { db in
            try AccessPolicy.require(.outboxRead, actor: try resolveActor(context, db: db))
            if let status {
                return try OutboxMessage.fetchAll(db, sql: "SELECT * FROM outbox WHERE status = ? ORDER BY id DESC LIMIT ?", arguments: [status, limit])
            }
            return try OutboxMessage.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY id DESC LIMIT ?", arguments: [limit])
        }
    }

    /// The default transport: a maildir beside the database.
    public var defaultMailTransport: MailTransportSpec {
        let dir = path.map { ($0 as NSString).deletingLastPathComponent } ?? NSTemporaryDirectory()
        return .maildir((dir.isEmpty ? "." : dir) + "/maildir")
    }

    /// The transport a delivery uses (`MailTransportResolver.resolve` over this store's
    /// setting and default): every caller resolves it here, so none can take a program
    /// from the store.
    public func resolveMailTransport(commandLine: String?, environment: [String: String]) throws(OpsError) -> ResolvedMailTransport {
        guard case let .maildir(beside) = defaultMailTransport else { throw .failure("No default maildir.") }
        return try MailTransportResolver.resolve(commandLine: commandLine, environment: environment,
                                                 stored: try settingValue(.mailTransport), besideStore: beside)
    }

    /// Delivers through a transport the invoking user chose themselves (their command
    /// line, environment or config file).
    public func deliverOutbox(via spec: MailTransportSpec, limit: Int = 100, as context: ActorContext) throws(OpsError) -> DeliveryReport {
        try deliverOutbox(via: ResolvedMailTransport(spec, origin: .commandLine), limit: limit, as: context)
    }

    /// Delivers due messages. Each is claimed in a short transaction (so two deliverers
    /// never send the same message), sent outside any transaction, then recorded. A
    /// transport from the store is re-checked first: never a program, and a maildir only
    /// where the delivering user owns it (`MaildirSafety`).
    public func deliverOutbox(via transport: ResolvedMailTransport, limit: Int = 100, as context: ActorContext) throws(OpsError) -> DeliveryReport {
        try deliverOutbox(via: transport, webhooks: nil, limit: limit, as: context)
    }

    /// As above, and webhook pages through `webhooks` (nil: they wait for a deliverer that
    /// has them). `mail: false` leaves mail queued (only webhooks are configured).
    public func deliverOutbox(via transport: ResolvedMailTransport, webhooks: (any WebhookPoster)?, mail: Bool = true,
                              limit: Int = 100, as context: ActorContext) throws(OpsError) -> DeliveryReport {
        let spec = transport.spec
        var report = DeliveryReport()
        let from = try settingValue(.mailFrom)
        try authorize(.outboxDeliver, context)
        if transport.origin == .setting {
            if spec.runsProgram { throw MailTransportResolver.storedProgramRefusal }
            if let refusal = MailTransportResolver.storedRefusal(spec.description) { throw refusal }
            if case let .maildir(root) = spec { try MaildirSafety.check(root) }
        }
        let kinds = (mail ? "" : " AND kind = 'webhook'") + (webhooks == nil ? " AND kind != 'webhook'" : "")
        for _ in 0..<limit {
            let claimed: OutboxMessage? = try write { db in
                let now = clock.now()
                guard let message = try OutboxMessage.fetchOne(db, sql: """
                    SELECT * FROM outbox WHERE status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)\(kinds)
                    ORDER BY id LIMIT 1
                    """, arguments: [Timestamp.format(now)]) else { return nil }
                // Lease the message for 10 minutes while it is being sent.
                try db.execute(sql: "UPDATE outbox SET next_attempt_at = ? WHERE id = ?",
                               arguments: [Timestamp.format(now.addingTimeInterval(600)), message.id])
                return message
            }
            guard let message = claimed else { break }
            var failure: String?
            var channel = "email to \(message.to) via \(spec.channelName)"
            var via = spec.description
            if message.kind == OutboxStore.webhookKind, let webhooks {
                (channel, failure) = OutboxStore.post(message, through: webhooks)
                via = message.to
            } else {
                let letter = MailMessage(id: message.id, from: from, to: message.to, subject: message.subject, body: message.body, date: clock.now(),
                                         messageID: message.messageID, inReplyTo: message.inReplyTo, references: message.references)
                do { try MailDelivery.deliver(letter, via: spec) } catch { failure = error.description }
            }
            try write { db in
                let now = clock.now()
                if let failure {
                    let attempts = message.attempts + 1
                    let final = attempts >= OutboxStore.maxAttempts
                    try db.execute(sql: "UPDATE outbox SET attempts = ?, last_error = ?, status = ?, next_attempt_at = ? WHERE id = ?",
                                   arguments: [attempts, failure, final ? "failed" : "queued",
                                               final ? nil : Timestamp.format(now.addingTimeInterval(OutboxStore.backoff(attempt: attempts))), message.id])
                    try audit(AuditChain.Record(action: final ? "outbox.failed" : "outbox.retry", target: "outbox:\(message.id)",
                                                after: ["attempts": .int(Int64(attempts)), "error": .string(failure)]), context, db: db)
                    try OutboxStore.recordDelivery(message, channel: channel, via: via, failure: failure, attempts: attempts, final: final,
                                                   actor: context.effectiveLogin, at: now, db: db)
                } else {
                    try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1, status = 'sent', sent_at = ?, last_error = NULL, next_attempt_at = NULL WHERE id = ?",
                                   arguments: [Timestamp.format(now), message.id])
                    try audit(AuditChain.Record(action: "outbox.sent", target: "outbox:\(message.id)",
                                                after: ["via": .string(via), "kind": .string(message.kind)]), context, db: db)
                    try OutboxStore.recordDelivery(message, channel: channel, via: via, failure: nil, attempts: message.attempts + 1, final: true,
                                                   actor: context.effectiveLogin, at: now, db: db)
                }
            }
            if let failure {
                if message.attempts + 1 >= OutboxStore.maxAttempts { report.failed += 1 } else { report.retrying += 1 }
                report.errors.append("message \(message.id) to \(message.to): \(failure)")
            } else {
                report.sent += 1
            }
        }
        return report
    }

    /// Counts by status, for the console's outbox badge.
    public func outboxCounts() throws(OpsError) -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM outbox GROUP BY status") {
                counts[row["status"]] = row["n"]
            }
            return counts
        }
    }
}
