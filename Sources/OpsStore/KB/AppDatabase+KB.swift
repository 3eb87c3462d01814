import Foundation
internal import GRDB
import OpsCore

/// The knowledge base: read by everyone who reads tickets, written with tickets.manage
/// (the people who resolve tickets write the articles). Each write is one transaction with
/// its ticket links, the FTS5 index (kept by triggers) and the audit row.
extension AppDatabase {
    public func kbArticles(tag: String? = nil, limit: Int = 200, as context: ActorContext) throws(OpsError) -> [KBArticle] {
        try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            let rows: [Row]
            if let tag {
                rows = try Row.fetchAll(db, sql: """
                    SELECT a.* FROM kb_article a JOIN kb_fts f ON f.rowid = a.id WHERE kb_fts MATCH ?
                    ORDER BY a.updated_at DESC, a.id DESC LIMIT ?
                    """, arguments: ["tags : \"\(tag.lowercased().replacingOccurrences(of: "\"", with: ""))\"", max(0, limit)])
                    .filter { Self.splitTags($0["tags"]).contains(tag.lowercased()) }
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM kb_article ORDER BY updated_at DESC, id DESC LIMIT ?", arguments: [max(0, limit)])
            }
            return try rows.map { try Self.article($0, db: db) }
        }
    }

    public func kbArticle(id: Int64, as context: ActorContext) throws(OpsError) -> KBArticle {
        try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            return try Self.requireArticle(id, db: db)
        }
    }

    /// Ranked by bm25 (title weighs 10, tags 5, body 1), best first, with a snippet of
    /// the body around the matches. Words are quoted, so no input is an FTS syntax error.
    public func searchKB(_ text: String, limit: Int = 20, as context: ActorContext) throws(OpsError) -> [KBHit] {
        guard let query = KBValidation.ftsQuery(text) else {
            throw OpsError.invalid(field: "query", message: "give at least one word to search for.")
        }
        return try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            return try Row.fetchAll(db, sql: """
                SELECT a.id, a.title, a.tags, bm25(kb_fts, 10.0, 1.0, 5.0) AS rank,
                       snippet(kb_fts, 1, '[', ']', '…', 16) AS snippet
                FROM kb_fts JOIN kb_article a ON a.id = kb_fts.rowid
                WHERE kb_fts MATCH ? ORDER BY rank, a.id LIMIT ?
                """, arguments: [query, max(0, limit)]).map { row in
                KBHit(id: row["id"], title: row["title"], tags: Self.splitTags(row["tags"]), rank: row["rank"], snippet: row["snippet"] ?? "")
            }
        }
    }

    public func addKBArticle(_ draft: KBDraft, as context: ActorContext) throws(OpsError) -> KBArticle {
        let title = try KBValidation.title(draft.title ?? "")
        let body = try KBValidation.body(draft.body ?? "")
        let tags = try KBValidation.tags(draft.tags ?? [])
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.ticketsManage, actor: actor)
            return try insertArticle(title: title, body: body, tags: tags, tickets: draft.tickets ?? [], actor: actor.login, source: nil,
                                     context, db: db)
        }
    }

    /// Turns a resolved (or closed) ticket into an article: its title, and its resolution
    /// summary as the body, linked back to it.
    public func addKBArticle(fromTicket number: TicketNumber, title: String? = nil, tags: [String] = [], as context: ActorContext) throws(OpsError) -> KBArticle {
        let tags = try KBValidation.tags(tags)
        let typedTitle = try title.map { (text) throws(OpsError) in try KBValidation.title(text) }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.ticketsManage, actor: actor)
            let ticket = try Self.requireTicket(number, db: db)
            guard !ticket.status.isOpen, let resolution = ticket.resolution else {
                throw OpsError.conflict("\(number) is \(ticket.status.title); only a resolved or closed ticket (which has a resolution summary) becomes an article.")
            }
            let body = "Problem (\(ticket.category.title), \(ticket.priority)): \(ticket.title)\n\nResolution:\n\(resolution)"
            return try insertArticle(title: typedTitle ?? ticket.title, body: try KBValidation.body(body),
                                     tags: tags.isEmpty ? [ticket.category.rawValue] : tags, tickets: [number], actor: actor.login,
                                     source: number, context, db: db)
        }
    }

    /// Changes the fields `draft` gives; `expectedVersion` makes a racing edit lose (exit 5).
    public func editKBArticle(id: Int64, _ draft: KBDraft, expectedVersion: Int? = nil, as context: ActorContext) throws(OpsError) -> KBArticle {
        let title = try draft.title.map { (text) throws(OpsError) in try KBValidation.title(text) }
        let body = try draft.body.map { (text) throws(OpsError) in try KBValidation.body(text) }
        let tags = try draft.tags.map { (list) throws(OpsError) in try KBValidation.tags(list) }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.ticketsManage, actor: actor)
            let old = try Self.requireArticle(id, db: db)
            if let expectedVersion, expectedVersion != old.version {
                throw OpsError.conflict("KB-\(id) was changed by \(old.updatedBy) at \(Timestamp.format(old.updatedAt)) (now version \(old.version), you had \(expectedVersion)); reload and try again. Nothing was changed.")
            }
            let now = Timestamp.format(clock.now())
            try db.execute(sql: """
                UPDATE kb_article SET title = ?, body = ?, tags = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?
                """, arguments: [title ?? old.title, body ?? old.body, (tags ?? old.tags).joined(separator: " "), now, actor.login, id])
            if let tickets = draft.tickets {
                try db.execute(sql: "DELETE FROM kb_article_ticket WHERE article = ?", arguments: [id])
                try Self.link(id, tickets, db: db)
            }
            let new = try Self.requireArticle(id, db: db)
            try audit(AuditChain.Record(action: "kb.edit", target: "kb:\(id)", before: Self.auditValue(old), after: Self.auditValue(new)), context, db: db)
            return new
        }
    }

    // MARK: - Inside transactions

    private func insertArticle(title: String, body: String, tags: [String], tickets: [TicketNumber], actor: String, source: TicketNumber?,
                               _ context: ActorContext, db: Database) throws -> KBArticle {
        let now = Timestamp.format(clock.now())
        try db.execute(sql: """
            INSERT INTO kb_article (title, body, tags, author, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [title, body, tags.joined(separator: " "), actor, now, now, actor])
        let id = db.lastInsertedRowID
        try Self.link(id, tickets, db: db)
        let article = try Self.requireArticle(id, db: db)
        var after = Self.auditValue(article)
        if let source, case var .object(fields) = after { fields["from_ticket"] = .string(source.description); after = .object(fields) }
        try audit(AuditChain.Record(action: "kb.add", target: "kb:\(id)", after: after), context, db: db)
        return article
    }

    static func link(_ id: Int64, _ tickets: [TicketNumber], db: Database) throws {
        for number in Set(tickets) {
            _ = try requireTicket(number, db: db)
            try db.execute(sql: "INSERT INTO kb_article_ticket (article, ticket) VALUES (?, ?)", arguments: [id, number.rawValue])
        }
    }

    static func requireArticle(_ id: Int64, db: Database) throws -> KBArticle {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM kb_article WHERE id = ?", arguments: [id]) else {
            throw OpsError.notFound("No article KB-\(id); `pmops kb list` shows them.")
        }
        return try article(row, db: db)
    }

    static func article(_ row: Row, db: Database) throws -> KBArticle {
        let id: Int64 = row["id"]
        let tickets = try Int.fetchAll(db, sql: "SELECT ticket FROM kb_article_ticket WHERE article = ? ORDER BY ticket", arguments: [id])
        func date(_ column: String) -> Date { (row[column] as String?).flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0) }
        return KBArticle(id: id, title: row["title"], body: row["body"], tags: splitTags(row["tags"]), tickets: tickets.map(TicketNumber.init(rawValue:)),
                         author: row["author"], createdAt: date("created_at"), updatedAt: date("updated_at"), updatedBy: row["updated_by"],
                         version: row["version"])
    }

    static func splitTags(_ text: String?) -> [String] { (text ?? "").split(separator: " ").map(String.init) }

    /// The audit keeps sizes and names, not the article text (it is in the table).
    static func auditValue(_ a: KBArticle) -> JSONValue {
        .object(["title": .string(a.title), "bytes": .int(Int64(a.body.utf8.count)), "tags": .array(a.tags.map(JSONValue.string)),
                 "tickets": .array(a.tickets.map { .string($0.description) })])
    }
}
