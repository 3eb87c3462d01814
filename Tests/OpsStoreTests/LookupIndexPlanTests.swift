import Foundation
import GRDB
@testable import OpsStore
import Testing
import _OpsTestSupport

/// Migration "2026-12-09-lookup-indexes": the dispute lookup every Stripe event for a linked
/// customer makes, and the pages of one alert the Alerts detail reads, search an index
/// instead of scanning their tables.
@Suite("Lookup index plans")
struct LookupIndexPlanTests {
    static func plan(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> String {
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String? ?? "" }.joined(separator: "\n")
    }

    @Test("waiting disputes of one Stripe customer and one alert's pages are index searches")
    func plans() throws {
        let f = try StoreFixture()
        try f.db.read { db in
            let disputes = try Self.plan(db, """
                SELECT id, reason, currency, amount, evidence_due_by, charge FROM billing_dispute
                WHERE stripe_customer = ? AND ticket IS NULL AND status IN ('needs_response', 'warning_needs_response')
                ORDER BY created, id
                """, ["cus_1"])
            #expect(disputes.contains("USING INDEX billing_dispute_waiting (stripe_customer=?)"), "\(disputes)")
            #expect(!disputes.contains("TEMP B-TREE"), "\(disputes)")
            let pages = try Self.plan(db, "SELECT level, login, schedule, at, night FROM oncall_page WHERE alert_id = ? ORDER BY level, at, id LIMIT 100", [7])
            #expect(pages.contains("USING INDEX oncall_page_alert (alert_id=?)"), "\(pages)")
            #expect(!pages.contains("TEMP B-TREE"), "\(pages)")
        }
    }
}
