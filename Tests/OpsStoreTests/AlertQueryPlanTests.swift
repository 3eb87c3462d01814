import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import OpsFixtures
import Testing
import _OpsTestSupport

/// `AlertQueryPlan` rewrites the queue's filters into the terms the partial indexes match
/// and forces indexes where the planner guesses wrong. These tests prove the rewritten
/// queries return exactly what the plain filter and sort would (every view the pane and
/// the CLI offer, on a varied store), and that the views the benchmark measures keep their
/// index plans: no full scan, no sort of the active queue, counts from an index alone.
@Suite("Alert query plans")
struct AlertQueryPlanTests {
    static let stateViews: [Set<AlertState>] = [
        [.open, .acknowledged, .snoozed], [.open], [.acknowledged], [.snoozed], [.open, .acknowledged], [.acknowledged, .snoozed],
        [.resolved], [.closed], [.resolved, .closed], [],
    ]

    /// A store with every state, severity, silenced, assigned and escalated rows in history
    /// and in the active queue.
    static func world() throws -> StoreFixture {
        let f = try StoreFixture()
        _ = try f.db.seedAlertBenchmark(total: 600, active: 250, seed: 7, mine: "boss")
        try f.db.write { db in
            try db.execute(sql: """
                UPDATE alert SET occurrences = 1 + (id * 7) % 5, escalation_level = (id * 3) % 3;
                UPDATE alert SET silence_id = 1 WHERE id % 11 = 0;
                UPDATE alert SET assignee = 'boss' WHERE id % 13 = 0;
                UPDATE alert SET team = NULL WHERE id % 17 = 0;
                UPDATE alert SET summary = 'Zeta ' || summary WHERE id % 5 = 0;
                """)
        }
        return f
    }

    static func queries() -> [AlertQuery] {
        var out: [AlertQuery] = []
        for states in stateViews {
            for sort in AlertQuery.Sort.allCases {
                for descending in [false, true] {
                    var q = AlertQuery()
                    q.states = states
                    q.sort = sort
                    q.descending = descending
                    out.append(q)
                }
            }
            var filters: [(inout AlertQuery) -> Void] = [
                { $0.severities = [.critical] }, { $0.severities = [.warning, .info] }, { $0.assignee = "boss" }, { $0.team = "mail" },
                { $0.silenced = .only }, { $0.silenced = .exclude }, { $0.text = "zeta" }, { $0.includePending = true },
                { $0.severities = [.info]; $0.silenced = .exclude; $0.assignee = "boss" },
            ]
            filters.append { $0.groupKey = "QueueBacklog/mta" }
            for filter in filters {
                var q = AlertQuery()
                q.states = states
                q.sort = states.isSubset(of: AlertQueryPlan.activeStates) && !states.isEmpty ? .queue : .age
                filter(&q)
                out.append(q)
            }
        }
        return out
    }

    /// The plain meaning of a query, in Swift, over every row.
    static func expected(_ q: AlertQuery, _ all: [AlertRecord]) -> [Int64] {
        let needle = q.text.trimmingCharacters(in: .whitespaces).lowercased()
        func matches(_ a: AlertRecord) -> Bool {
            if !q.states.isEmpty && !q.states.contains(a.state) { return false }
            if !q.includePending && a.status == .pending { return false }
            if !q.severities.isEmpty && !q.severities.contains(a.severity) { return false }
            if let team = q.team, a.team != team { return false }
            if let assignee = q.assignee, a.assignee != assignee { return false }
            if let group = q.groupKey, a.groupKey != group { return false }
            if q.silenced != .include && (q.silenced == .only) != (a.silenceID != nil) { return false }
            if needle.isEmpty { return true }
            let fields: [String] = [a.summary, a.rule, a.service] + a.labels.keys.map { $0 } + a.labels.values.map { $0 }
            return fields.contains { $0.lowercased().contains(needle) }
        }
        let rows = all.filter(matches)
        func key(_ a: AlertRecord) -> [String] {
            let rank = String(a.severity.rank)
            let stateRank = String([AlertState.open, .acknowledged, .snoozed, .resolved, .closed].firstIndex(of: a.state) ?? 9)
            let start = Timestamp.format(a.startsAt)
            switch q.sort {
            case .queue: return [a.state == .open ? "0" : "1", rank, start]
            case .severity: return [rank, start]
            case .state: return [stateRank]
            case .age: return [start]
            case .service: return [a.service]
            case .summary: return [a.summary]
            case .count: return [String(format: "%09d", a.occurrences)]
            case .assignee: return [a.assignee.map { "1" + $0 } ?? "0"]
            case .team: return [a.team.map { "1" + $0 } ?? "0"]
            case .level: return [String(format: "%09d", a.escalationLevel)]
            }
        }
        // Age ascending means youngest first; every other sort is ascending by its key.
        let reversed = q.sort == .age ? !q.descending : q.descending
        let keyed = rows.map { (key: key($0), id: $0.id) }
        return keyed.sorted { a, b in
            if a.key != b.key { return reversed ? b.key.lexicographicallyPrecedes(a.key) : a.key.lexicographicallyPrecedes(b.key) }
            return reversed ? a.id > b.id : a.id < b.id
        }.map(\.id)
    }

    @Test("every view returns exactly the rows and order of its plain filter and sort; counts agree, capped ones say so")
    func equivalence() throws {
        let f = try Self.world()
        let all = try f.db.read { db in try AlertRecord.fetchAll(db, sql: "SELECT * FROM alert") }
        #expect(all.count == 600)
        var checked = 0
        for q in Self.queries() {
            let want = Self.expected(q, all)
            let got = try f.db.alertWindow(q, offset: 0, limit: 1_000, as: f.boss).map(\.id)
            #expect(got == want, "\(q)")
            #expect(try f.db.alertCount(q, as: f.boss) == want.count, "\(q)")
            let page = try f.db.alertQueuePage(q, offset: 0, limit: 10, countLimit: 40, as: f.boss)
            let plan = AlertQueryPlan(q)
            if plan.countIndex != nil || want.count <= 40 {
                #expect(page.total == want.count && page.exact, "\(q)")
            } else {
                #expect(page.total == 40 && !page.exact, "\(q)")
            }
            #expect(page.rows.map(\.id) == Array(want.prefix(10)), "\(q)")
            checked += want.isEmpty ? 0 : 1
        }
        #expect(checked > 100, "the store is varied enough that most views hold rows")
    }

    static func plan(_ db: AppDatabase, _ sql: String, _ args: StatementArguments) throws -> String {
        try db.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: args).map { $0["detail"] as String }.joined(separator: " | ")
        }
    }

    @Test("the active queue: every sort walks an index without sorting, every filter counts from an index alone")
    func activePlans() throws {
        let f = try StoreFixture()
        for sort in AlertQuery.Sort.allCases {
            for descending in [false, true] {
                var q = AlertQuery()
                q.sort = sort
                q.descending = descending
                let p = AlertQueryPlan(q)
                let detail = try Self.plan(f.db, "SELECT * FROM \(p.from) WHERE \(p.whereSQL) ORDER BY \(q.orderClause()) LIMIT 10", p.arguments)
                #expect(detail.contains("USING INDEX") && !detail.contains("TEMP B-TREE"), "\(sort) \(descending): \(detail)")
                #expect(!detail.contains("alert_queue") || sort == .queue, "\(sort) \(descending): \(detail)")
            }
        }
        let filters: [(String, (inout AlertQuery) -> Void)] = [
            ("none", { _ in }), ("critical", { $0.severities = [.critical] }), ("open", { $0.states = [.open] }),
            ("acknowledged", { $0.states = [.acknowledged] }), ("silenced hidden", { $0.silenced = .exclude }),
            ("mine", { $0.assignee = "boss" }), ("team", { $0.team = "mail" }), ("silenced only", { $0.silenced = .only }),
        ]
        for (name, filter) in filters {
            var q = AlertQuery()
            filter(&q)
            let p = AlertQueryPlan(q)
            let index = try #require(p.countIndex, "\(name)")
            // The index's WHERE makes the status term redundant, so no table row is read
            // even where the plan does not say COVERING (SQLite defers the seek).
            let detail = try Self.plan(f.db, "SELECT count(*) FROM alert INDEXED BY \(index) WHERE \(p.whereSQL)\(p.countTerms)", p.arguments)
            #expect(detail.contains("INDEX \(index)") && !detail.contains("TEMP"), "\(name): \(detail)")
        }
        // Filtered views in queue order walk the queue index without sorting.
        for (name, filter) in filters {
            var q = AlertQuery()
            filter(&q)
            let p = AlertQueryPlan(q)
            let detail = try Self.plan(f.db, "SELECT * FROM \(p.from) WHERE \(p.whereSQL) ORDER BY \(q.orderClause()) LIMIT 10", p.arguments)
            #expect(detail.contains("alert_queue") && !detail.contains("TEMP B-TREE"), "\(name): \(detail)")
        }
        // Severity on the queue index is a range, not a walk of the whole queue.
        var critical = AlertQuery()
        critical.severities = [.critical]
        let p = AlertQueryPlan(critical)
        #expect(try Self.plan(f.db, "SELECT count(*) FROM alert INDEXED BY alert_queue WHERE \(p.whereSQL)\(p.countTerms)", p.arguments)
            .contains("<expr>=? AND <expr>=?"))
    }

    @Test("history views walk their index by age; silenced history goes through the silence index")
    func historyPlans() throws {
        let f = try StoreFixture()
        for states in [[AlertState.resolved], [.closed]] as [Set<AlertState>] {
            var q = AlertQuery()
            q.states = states
            q.sort = .age
            for variant in 0..<4 {
                var v = q
                if variant == 1 { v.severities = [.critical] }
                if variant == 2 { v.assignee = "boss" }
                if variant == 3 { v.silenced = .only }
                let p = AlertQueryPlan(v)
                let detail = try Self.plan(f.db, "SELECT * FROM \(p.from) WHERE \(p.whereSQL) ORDER BY \(v.orderClause()) LIMIT 10", p.arguments)
                let index = variant == 2 ? "alert_history_assignee" : variant == 3 ? "alert_silence" : "alert_history_starts"
                #expect(detail.contains(index), "\(states) \(variant): \(detail)")
                if variant < 3 { #expect(!detail.contains("TEMP B-TREE"), "\(states) \(variant): \(detail)") }
            }
        }
    }

    @Test("the dashboard's firing digest: active firing alerts per severity and the most severe, oldest first; a closed one that fires is left out")
    func firingDigest() throws {
        let f = try Self.world()
        let all = try f.db.read { db in
            try AlertRecord.fetchAll(db, sql: "SELECT * FROM alert WHERE status = 'firing' AND state IN ('open', 'acknowledged', 'snoozed')")
        }
        #expect(try f.db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM alert WHERE status = 'firing' AND state = 'closed'") } == 0,
                "the fixture has no closed alert that still fires")
        try f.db.write { db in try db.execute(sql: "UPDATE alert SET status = 'firing', ends_at = NULL WHERE id = (SELECT min(id) FROM alert WHERE state = 'closed')") }
        let digest = try f.db.firingDigest(limit: 20)
        #expect(digest.counts == Dictionary(grouping: all, by: \.severity).mapValues(\.count))
        let want = all.sorted { ($0.severity.rank, $0.startsAt, $0.id) < ($1.severity.rank, $1.startsAt, $1.id) }.prefix(20).map(\.id)
        #expect(digest.top.map(\.id) == Array(want))
        #expect(digest.top.first?.severity == .critical)
    }
}
