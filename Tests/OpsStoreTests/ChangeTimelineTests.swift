import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// The Changes pane's reads: newest first under each filter, one index range per filter
/// (migration "2026-12-09-changes-pane"), a capped count, and the alerts after a change.
@Suite("Change timeline")
struct ChangeTimelineTests {
    func record(_ f: StoreFixture, _ kind: ChangeEvent.Kind, _ service: String, _ version: String, _ status: ChangeEvent.Status = .succeeded,
                minutesAgo: Double) throws -> ChangeEvent {
        try f.db.recordChange(NewChange(kind: kind, service: service, version: version, status: status, by: "ci",
                                        at: f.clock.now().addingTimeInterval(-minutesAgo * 60)), as: f.boss)
    }

    @Test("each filter pages newest first and counts what it pages")
    func filters() throws {
        let f = try StoreFixture()
        _ = try record(f, .deploy, "api", "1.0", minutesAgo: 50)
        _ = try record(f, .deploy, "api", "1.1", .failed, minutesAgo: 40)
        _ = try record(f, .rollback, "api", "1.0", minutesAgo: 30)
        _ = try record(f, .config, "platform-config", "cs-3 apply staging r1", minutesAgo: 20)
        _ = try record(f, .config, "platform-config", "cs-3 apply production r1", minutesAgo: 10)
        _ = try record(f, .deploy, "web", "9", minutesAgo: 5)
        func versions(_ filter: ChangeFilter) throws -> [String] {
            let page = try f.db.changeEventPage(filter, offset: 0, limit: 100, as: f.boss)
            #expect(try f.db.changeEventCount(filter, as: f.boss) == page.count)
            return page.compactMap(\.version)
        }
        #expect(try versions(ChangeFilter()) == ["9", "cs-3 apply production r1", "cs-3 apply staging r1", "1.0", "1.1", "1.0"])
        #expect(try versions(ChangeFilter(service: "api")) == ["1.0", "1.1", "1.0"])
        #expect(try versions(ChangeFilter(kind: .deploy)) == ["9", "1.1", "1.0"])
        #expect(try versions(ChangeFilter(status: .failed)) == ["1.1"])
        #expect(try versions(ChangeFilter(environment: .production)) == ["cs-3 apply production r1"])
        #expect(try versions(ChangeFilter(status: .pending)).isEmpty)
        let page = try f.db.changeEventPage(ChangeFilter(), offset: 2, limit: 2, as: f.boss)
        #expect(page.compactMap(\.version) == ["cs-3 apply staging r1", "1.0"])
        #expect(ChangeReference.changeSet(of: page[0]) == 3)
        #expect(ChangeReference.environment(of: page[0]) == .staging)
    }

    @Test("a reader without changes.read is refused")
    func permission() throws {
        let f = try StoreFixture()
        try f.add("fin", [.finance])
        let clerk = f.actor("fin")
        #expect(throws: OpsError.self) { try f.db.changeEventCount(ChangeFilter(), as: clerk) }
        #expect(throws: OpsError.self) { try f.db.changeEventPage(ChangeFilter(), offset: 0, limit: 10, as: clerk) }
    }

    @Test("the alerts after a deploy are its service's within 30 minutes; after a config change, every service's")
    func alertsAfter() throws {
        let f = try StoreFixture()
        let deploy = try record(f, .deploy, "api", "2.0", minutesAgo: 60)
        let config = try record(f, .config, "platform-config", "cs-1 apply staging r1", minutesAgo: 60)
        func alert(_ name: String, _ service: String, minutesAfter: Double) throws {
            _ = try f.db.upsertAlert(AlertSignal(fingerprint: "\(name)/\(service)", rule: name, labels: ["alertname": name, "service": service],
                                                 severity: .critical, status: .firing, summary: "\(name) on \(service)",
                                                 at: deploy.at.addingTimeInterval(minutesAfter * 60)))
        }
        try alert("Errors", "api", minutesAfter: 5)
        try alert("Latency", "web", minutesAfter: 10)
        try alert("Late", "api", minutesAfter: 45)
        try alert("Before", "api", minutesAfter: -5)
        #expect(try f.db.alertsAfter(deploy, as: f.boss).map(\.summary) == ["Errors on api"])
        #expect(try f.db.alertsAfter(config, as: f.boss).map(\.summary) == ["Errors on api", "Latency on web"])
    }

    static func plan(_ db: Database, _ sql: String, _ arguments: [any DatabaseValueConvertible]) throws -> String {
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(arguments)).map { $0["detail"] as String? ?? "" }
            .joined(separator: "\n")
    }

    @Test("every filter's page is one index range in time order, without a sort")
    func plans() throws {
        let f = try StoreFixture()
        let cases: [(ChangeFilter, String)] = [
            (ChangeFilter(), "change_event_at"),
            (ChangeFilter(service: "api"), "change_event_service_at (service=?)"),
            (ChangeFilter(kind: .deploy), "change_event_kind_at (kind=?)"),
            (ChangeFilter(status: .failed), "change_event_status_at (status=?)"),
            (ChangeFilter(environment: .staging), "change_event_kind_at (kind=?)"),
        ]
        try f.db.read { db in
            for (filter, index) in cases {
                let (clause, arguments) = try AppDatabase.changeClause(filter)
                let plan = try Self.plan(db, "SELECT * FROM change_event WHERE \(clause) ORDER BY at DESC, id DESC LIMIT 60 OFFSET 0", arguments)
                #expect(plan.contains(index), "\(filter): \(plan)")
                #expect(!plan.contains("TEMP B-TREE"), "\(filter): \(plan)")
            }
        }
    }
}
