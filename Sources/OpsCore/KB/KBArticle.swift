import Foundation

/// A knowledge-base article: what support learned, searchable by its words and tags, linked
/// to the tickets it came from or answers.
public struct KBArticle: Sendable, Equatable, Codable {
    public var id: Int64
    public var title: String
    public var body: String
    /// Lowercase, sorted, unique.
    public var tags: [String]
    public var tickets: [TicketNumber]
    public var author: String
    public var createdAt: Date
    public var updatedAt: Date
    public var updatedBy: String
    public var version: Int

    public init(id: Int64, title: String, body: String, tags: [String], tickets: [TicketNumber], author: String, createdAt: Date,
                updatedAt: Date, updatedBy: String, version: Int) {
        self.id = id
        self.title = title
        self.body = body
        self.tags = tags
        self.tickets = tickets
        self.author = author
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.version = version
    }
}

/// One search hit: the article's head, its bm25 rank (lower is better, as SQLite gives it)
/// and a snippet of the body around the matched words, marked with `[` and `]`.
public struct KBHit: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var tags: [String]
    public var rank: Double
    public var snippet: String

    public init(id: Int64, title: String, tags: [String], rank: Double, snippet: String) {
        self.id = id
        self.title = title
        self.tags = tags
        self.rank = rank
        self.snippet = snippet
    }
}

/// What `kb add` asks for; `kb edit` changes the fields it is given.
public struct KBDraft: Sendable, Equatable {
    public var title: String?
    public var body: String?
    public var tags: [String]?
    public var tickets: [TicketNumber]?

    public init(title: String? = nil, body: String? = nil, tags: [String]? = nil, tickets: [TicketNumber]? = nil) {
        self.title = title
        self.body = body
        self.tags = tags
        self.tickets = tickets
    }
}

/// Field rules for articles and the translation of typed words into an FTS5 query.
public enum KBValidation {
    public static let maxTags = 20

    public static func title(_ raw: String) throws(OpsError) -> String { try TicketValidation.title(raw) }

    public static func body(_ raw: String) throws(OpsError) -> String { try TicketValidation.body(raw) }

    /// Tags are 1–32 of a-z, 0-9, '-' and '.', lowercased; duplicates fold; at most 20.
    public static func tags(_ raw: [String]) throws(OpsError) -> [String] {
        var result = Set<String>()
        for tag in raw.flatMap({ $0.split(whereSeparator: { $0 == "," || $0 == " " }) }).map({ $0.lowercased() }) where !tag.isEmpty {
            let ok = tag.count <= 32 && tag.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
            guard ok else { throw .invalid(field: "tags", message: "\(Printable.excerpt(tag)) is not a tag; tags are 1–32 of a-z, 0-9, '-' and '.'.") }
            result.insert(tag)
        }
        if result.count > maxTags { throw .invalid(field: "tags", message: "\(result.count) tags; the limit is \(maxTags).") }
        return result.sorted()
    }

    /// Typed words become an FTS5 query that cannot be a syntax error: each word is quoted
    /// (so `AND`, `NEAR`, `*`, `"` and `:` are just text), all must match, and the last one
    /// also matches as a prefix, so `kb search "spf fail"` finds "failing". Nil when no word
    /// is left.
    public static func ftsQuery(_ typed: String) -> String? {
        let words = typed.split { !($0.isLetter || $0.isNumber) }.map(String.init).prefix(16)
        guard !words.isEmpty else { return nil }
        return words.enumerated().map { index, word in
            "\"\(word)\"" + (index == words.count - 1 ? "*" : "")
        }.joined(separator: " ")
    }
}
