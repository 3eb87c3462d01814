import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// The knowledge base: FTS5 kept in step by the writing transaction, bm25 ranking with a
/// snippet, articles from resolved tickets, and who may read and write.
@Suite("Knowledge base store")
struct KBStoreTests {
    static func fixture() throws -> StoreFixture {
        let f = try TicketStoreTests.fixture()
        _ = try f.db.addKBArticle(KBDraft(title: "Gmail bounces with 421 4.7.0", body: "Gmail defers mail from new IPs. Warm the pool up and check SPF alignment.",
                                          tags: ["gmail", "deliverability"]), as: f.actor("sam"))
        _ = try f.db.addKBArticle(KBDraft(title: "SPF record too long", body: "More than ten DNS lookups make SPF fail with permerror; flatten the includes.",
                                          tags: ["dns", "spf"]), as: f.actor("sam"))
        _ = try f.db.addKBArticle(KBDraft(title: "Refund of a duplicated invoice", body: "Finance refunds within 24 hours; no SPF or DNS involved.",
                                          tags: ["billing"]), as: f.actor("fin"))
        return f
    }

    @Test("the linked SQLite has FTS5")
    func fts5() throws {
        let f = try StoreFixture()
        #expect(try f.db.read { db in try Bool.fetchOne(db, sql: "SELECT sqlite_compileoption_used('ENABLE_FTS5')") } == true)
    }

    @Test("search ranks by bm25 (a title match beats a body mention) and marks the snippet")
    func ranking() throws {
        let f = try Self.fixture()
        let hits = try f.db.searchKB("spf", as: f.actor("ro"))
        #expect(hits.count == 3 && hits[0].title == "SPF record too long")
        #expect(hits[0].snippet.contains("[SPF]"))
        #expect(hits[0].rank < hits[1].rank)
        // Every word must match; the last matches as a prefix.
        #expect(try f.db.searchKB("gmail warm", as: f.actor("ro")).map(\.title) == ["Gmail bounces with 421 4.7.0"])
        #expect(try f.db.searchKB("flat", as: f.actor("ro")).map(\.title) == ["SPF record too long"])
        // Tags are searched too.
        #expect(try f.db.searchKB("billing", as: f.actor("ro")).map(\.title) == ["Refund of a duplicated invoice"])
    }

    @Test("operators and quotes are text, never an FTS syntax error; an empty query is a usage error")
    func hostileQueries() throws {
        let f = try Self.fixture()
        for text in ["spf\"", "spf AND", "NEAR(spf dns)", "spf*", "title:spf", "spf) OR (", "^spf", "-spf"] {
            #expect(throws: Never.self) { try f.db.searchKB(text, as: f.actor("ro")) }
        }
        for text in ["  \"* ", "*", "\""] {
            #expect(opsError { () throws(OpsError) in try f.db.searchKB(text, as: f.actor("ro")) }?.exitCode == 2)
        }
    }

    @Test("an edit re-indexes in the same transaction: old words stop matching, new ones match; a stale version loses")
    func editKeepsIndex() throws {
        let f = try Self.fixture()
        let edited = try f.db.editKBArticle(id: 2, KBDraft(body: "Use a macro include and keep DNS lookups under ten."), expectedVersion: 1,
                                            as: f.actor("sam"))
        #expect(edited.version == 2 && edited.title == "SPF record too long")
        #expect(try f.db.searchKB("permerror", as: f.actor("ro")).isEmpty)
        #expect(try f.db.searchKB("macro", as: f.actor("ro")).map(\.id) == [2])
        let stale = opsError { () throws(OpsError) in try f.db.editKBArticle(id: 2, KBDraft(title: "x"), expectedVersion: 1, as: f.actor("sam")) }
        #expect(stale?.exitCode == 5)
        #expect(try f.db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM kb_fts") } == 3)
        // FTS5's own check that the index matches the content table.
        try f.db.write { db in try db.execute(sql: "INSERT INTO kb_fts(kb_fts, rank) VALUES ('integrity-check', 1)") }
    }

    @Test("from a ticket: refused while open; a resolved one gives its title and resolution, linked back, audited")
    func fromTicket() throws {
        let f = try Self.fixture()
        let ticket = try TicketStoreTests.open(f)
        #expect(opsError { () throws(OpsError) in try f.db.addKBArticle(fromTicket: ticket.number, as: f.actor("sam")) }?.exitCode == 5)
        try f.db.resolveTicket(ticket.number, summary: "Gmail lifted the block after we removed the listing.", as: f.actor("sam"))
        let before = try f.auditCount()
        let article = try f.db.addKBArticle(fromTicket: ticket.number, as: f.actor("sam"))
        #expect(article.title == ticket.title && article.tickets == [ticket.number] && article.tags == ["deliverability"])
        #expect(article.body.hasSuffix("Resolution:\nGmail lifted the block after we removed the listing."))
        #expect(try f.auditCount() == before + 1)
        #expect(try f.db.searchKB("listing", as: f.actor("ro")).map(\.id) == [article.id])
    }

    @Test("readers read and search; writing needs tickets.manage; text is kept exactly")
    func permissionsAndExactText() throws {
        let f = try Self.fixture()
        #expect(try f.db.kbArticles(as: f.actor("ro")).count == 3)
        #expect(try f.db.kbArticles(tag: "spf", as: f.actor("ro")).map(\.id) == [2])
        let denied = opsError { () throws(OpsError) in try f.db.addKBArticle(KBDraft(title: "x", body: "y"), as: f.actor("ro")) }
        #expect(denied?.exitCode == 4)
        #expect(opsError { () throws(OpsError) in try f.db.editKBArticle(id: 1, KBDraft(title: "x"), as: f.actor("ro")) }?.exitCode == 4)
        let hostile = "\u{1B}[31mred\u{1B}[0m and \u{202E}evil"
        let a = try f.db.addKBArticle(KBDraft(title: "Escapes", body: hostile, tags: ["Test"]), as: f.actor("sam"))
        #expect(try f.db.kbArticle(id: a.id, as: f.actor("ro")).body == hostile)
        #expect(a.tags == ["test"])
        #expect(opsError { () throws(OpsError) in try f.db.addKBArticle(KBDraft(title: "x", body: "y", tags: ["no spaces!"]), as: f.actor("sam")) }?.exitCode == 2)
        #expect(opsError { () throws(OpsError) in try f.db.kbArticle(id: 999, as: f.actor("ro")) }?.exitCode == 3)
    }
}
