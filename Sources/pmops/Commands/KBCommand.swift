import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops kb …`: the knowledge base, on the same store calls as the console. Reading needs
/// tickets.read, writing tickets.manage; article text is kept exactly and sanitised here.
struct KBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb", abstract: "The knowledge base: list, search (FTS5, bm25), show, add, edit.",
        subcommands: [List.self, Search.self, Show.self, Add.self, Edit.self])

    struct Target: ParsableArguments {
        @Argument(help: ArgumentHelp("The article (KB-12 or 12).", valueName: "article")) var article: String
        var id: Int64 { Int64(article.uppercased().hasPrefix("KB-") ? String(article.dropFirst(3)) : article) ?? 0 }
        func validate() throws { if id <= 0 { throw ValidationError("'\(article)' is not an article; articles are KB-1, KB-2, … (or just the number).") } }
    }

    static func report(_ a: KBArticle, _ verb: String, json: Bool) throws {
        if json { return try CLI.printJSON(KBArticleJSON(a)) }
        print("\(verb) KB-\(a.id) (version \(a.version)): \(CLI.safe(a.title))")
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Articles, most recently updated first.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only articles with this tag.") var tag: String?
        @Option(help: "At most this many.") var limit = 200
        @OptionGroup var output: JSONOutput
        func validate() throws { try CLI.validating { () throws(OpsError) in try InputLimits.count(limit, field: "limit", in: 1...100_000) } }
        func run() throws {
            let articles = try store.open().kbArticles(tag: tag, limit: limit, as: store.actor)
            if output.json { return try CLI.printJSON(articles.map { KBArticleJSON($0, body: false) }) }
            CLI.printTable(["ARTICLE", "TITLE", "TAGS", "TICKETS", "UPDATED"], articles.map { a in
                ["KB-\(a.id)", CLI.safe(String(a.title.prefix(60))), a.tags.joined(separator: ","), a.tickets.map(\.description).joined(separator: ","),
                 String(Timestamp.format(a.updatedAt).prefix(16))]
            })
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Full-text search over title, tags and body, best match first (bm25).",
            discussion: "Every word must match; the last also matches as a prefix. Operators are not interpreted: quotes, AND, NEAR and * are searched as text.")
        @OptionGroup var store: StoreOptions
        @Argument(parsing: .remaining, help: "Words to search for.") var words: [String]
        @Option(help: "At most this many.") var limit = 20
        @OptionGroup var output: JSONOutput
        func validate() throws {
            if KBValidation.ftsQuery(words.joined(separator: " ")) == nil { throw ValidationError("Give at least one word to search for.") }
            try CLI.validating { () throws(OpsError) in try InputLimits.count(limit, field: "limit", in: 1...1_000) }
        }
        func run() throws {
            let hits = try store.open().searchKB(words.joined(separator: " "), limit: limit, as: store.actor)
            if output.json { return try CLI.printJSON(hits.map(KBHitJSON.init)) }
            if hits.isEmpty { return print("No article matches.") }
            var lines: [String] = []
            for hit in hits {
                lines.append("KB-\(hit.id)  \(CLI.safe(hit.title))\(hit.tags.isEmpty ? "" : "  [\(hit.tags.joined(separator: ","))]")")
                lines.append("    " + CLI.safe(hit.snippet.replacingOccurrences(of: "\n", with: " ")))
            }
            try CLI.writeLines(lines)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One article with its tags and linked tickets.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @OptionGroup var output: JSONOutput
        func run() throws {
            let a = try store.open().kbArticle(id: target.id, as: store.actor)
            if output.json { return try CLI.printJSON(KBArticleJSON(a)) }
            var lines = ["KB-\(a.id): \(CLI.safe(a.title))",
                         "  tags \(a.tags.isEmpty ? "-" : a.tags.joined(separator: ", ")) · tickets \(a.tickets.isEmpty ? "-" : a.tickets.map(\.description).joined(separator: ", "))",
                         "  by \(a.author) \(Timestamp.format(a.createdAt)) · updated \(Timestamp.format(a.updatedAt)) by \(a.updatedBy) · version \(a.version)", ""]
            lines += a.body.split(separator: "\n", omittingEmptySubsequences: false).map { CLI.safe(String($0)) }
            try CLI.writeLines(lines)
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an article, or turn a resolved ticket into one (--from-ticket ESC-n: its title and resolution summary).")
        @OptionGroup var store: StoreOptions
        @Option(help: "A resolved or closed ticket to start from.") var fromTicket: String?
        @Option(help: "One line (default with --from-ticket: the ticket's title).") var title: String?
        @OptionGroup var body: TicketsCommand.Body
        @Option(help: "Tags, comma-separated.") var tags: String?
        @Option(help: "Linked tickets, comma-separated.") var tickets: String?
        @OptionGroup var output: JSONOutput
        func validate() throws {
            if fromTicket == nil, title == nil { throw ValidationError("Give --title and --body (or --body-file), or --from-ticket ESC-n.") }
            if let fromTicket { try CLI.validating { () throws(OpsError) in _ = try TicketNumber.parse(fromTicket, field: "from-ticket") } }
            _ = try KBCommand.numbers(tickets)
        }
        func run() throws {
            let db = try store.open()
            let tagList = tags.map { [$0] } ?? []
            if let fromTicket, let number = TicketNumber(text: fromTicket) {
                return try KBCommand.report(try db.addKBArticle(fromTicket: number, title: title, tags: tagList, as: store.actor), "Added", json: output.json)
            }
            let draft = KBDraft(title: title, body: try body.text(required: true), tags: tagList, tickets: try KBCommand.numbers(tickets))
            try KBCommand.report(try db.addKBArticle(draft, as: store.actor), "Added", json: output.json)
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an article's title, body, tags or linked tickets.",
            discussion: "With --expect-version an edit made meanwhile by someone else wins and this one exits 5.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "A new title.") var title: String?
        @OptionGroup var body: TicketsCommand.Body
        @Option(help: "Replace the tags (comma-separated; '' for none).") var tags: String?
        @Option(help: "Replace the linked tickets (comma-separated; '' for none).") var tickets: String?
        @Option(help: "Refuse unless the article is still at this version.") var expectVersion: Int?
        @OptionGroup var output: JSONOutput
        func validate() throws { _ = try KBCommand.numbers(tickets) }
        func run() throws {
            let draft = KBDraft(title: title, body: try body.text(required: false), tags: tags.map { [$0] }, tickets: try KBCommand.numbers(tickets))
            if draft == KBDraft() { throw ValidationError("Nothing to change: give --title, --body, --tags or --tickets.") }
            let article = try store.open().editKBArticle(id: target.id, draft, expectedVersion: expectVersion, as: store.actor)
            try KBCommand.report(article, "Edited", json: output.json)
        }
    }

    static func numbers(_ text: String?) throws -> [TicketNumber]? {
        guard let text else { return nil }
        var result: [TicketNumber] = []
        try CLI.validating { () throws(OpsError) in
            for part in text.split(separator: ",") { result.append(try TicketNumber.parse(String(part).trimmingCharacters(in: .whitespaces), field: "tickets")) }
        }
        return result
    }
}

/// `kb … --json`: stable field names, timestamps in the store's ISO form, text exact.
struct KBArticleJSON: Encodable {
    var id: String
    var title: String
    var body: String?
    var tags: [String]
    var tickets: [String]
    var author, createdAt, updatedAt, updatedBy: String
    var version: Int

    enum CodingKeys: String, CodingKey {
        case id, title, body, tags, tickets, author, version
        case createdAt = "created_at", updatedAt = "updated_at", updatedBy = "updated_by"
    }

    init(_ a: KBArticle, body includeBody: Bool = true) {
        id = "KB-\(a.id)"; title = a.title; body = includeBody ? a.body : nil; tags = a.tags; tickets = a.tickets.map(\.description)
        author = a.author; createdAt = Timestamp.format(a.createdAt); updatedAt = Timestamp.format(a.updatedAt); updatedBy = a.updatedBy
        version = a.version
    }
}

struct KBHitJSON: Encodable {
    var id, title, snippet: String
    var tags: [String]
    var rank: Double
    init(_ h: KBHit) { id = "KB-\(h.id)"; title = h.title; snippet = h.snippet; tags = h.tags; rank = h.rank }
}
