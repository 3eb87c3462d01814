import Foundation
internal import GRDB
import OpsCore
import OpsStore

/// What `seedTicketBenchmark` wrote.
public struct TicketBenchmarkFixture: Sendable, Equatable, Codable {
    public var tickets: Int
    public var open: Int
    public var entries: Int
    public var articles: Int
    /// Open tickets with an SLA check still to come (the sweep's future work).
    public var scheduled: Int
    public var seconds: Double
}

/// The tickets benchmark store: customers, tickets with their timelines and KB articles
/// written through prepared statements in one transaction, shaped like a support desk a
/// few years old. Raw SQL, bypassing the audit: it is a fixture, not a workload.
extension AppDatabase {
    /// `tickets` tickets over `days` before `now`, the newest tenth still open (opened within
    /// the last three days, so their clocks are a mix of running, due soon and breached);
    /// `entries` timeline entries spread over them; `articles` KB articles of generated
    /// support prose. Open tickets get `sla_due_at` and the sweep's `sla_check_at` as the
    /// store would have left them (a check already past counts as done).
    @discardableResult
    public func seedTicketBenchmark(tickets: Int, entries: Int, articles: Int, assignees: [String], seed: UInt64 = 1, days: Double = 720,
                                    now: Date? = nil) throws(OpsError) -> TicketBenchmarkFixture {
        let total = max(1, tickets), perTicket = max(2, entries / total), end = now ?? clock.now()
        let began = Date()
        let open = total / 10
        var written = 0, scheduled = 0
        let policy = SLAPolicy()
        try write { db in
            try db.execute(sql: "PRAGMA cache_size = -262144")
            defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
            let created = Timestamp.format(end.addingTimeInterval(-days * 86_400))
            for c in 0..<200 {
                try db.execute(sql: "INSERT INTO customer (id, name, plan, status, created_at, updated_at) VALUES (?, ?, 'growth', 'active', ?, ?)",
                               arguments: ["cust-\(c)", "Customer \(c) Mail", created, created])
                try db.execute(sql: "INSERT INTO customer_contact (customer_id, email, name, position) VALUES (?, ?, ?, 0)",
                               arguments: ["cust-\(c)", "ops@cust-\(c).example", "Ops \(c)"])
            }
            let ticket = try db.makeStatement(sql: """
                INSERT INTO ticket (number, customer_id, contact_email, title, category, priority, status, vendor, reporter, assignee, team,
                                    opened_at, updated_at, updated_by, first_response_at, last_update_out_at, resolved_at, closed_at, resolution,
                                    csat, version, sla_due_at, sla_kind, sla_check_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'bench', ?, ?, ?, ?, 'bench', ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
                """)
            let entry = try db.makeStatement(sql: "INSERT INTO ticket_entry (ticket, kind, author, body, at, status) VALUES (?, ?, ?, ?, ?, ?)")
            var rng = DemoStaff.Generator(seed: seed)
            let categories = TicketCategory.allCases
            let waiting: [TicketStatus] = [.new, .triage, .investigating, .investigating, .waitingCustomer, .waitingVendor]
            for i in 0..<total {
                let number = 1_001 + i
                let isOpen = i >= total - open
                let opened = isOpen ? end.addingTimeInterval(-3 * 86_400 * rng.unit())
                    : end.addingTimeInterval(-days * 86_400 * (1 - Double(i) / Double(total)) - 3 * 86_400)
                let category = categories[rng.below(categories.count)]
                let priority = TicketPriority(rawValue: 1 + min(3, rng.below(10) / 3)) ?? .p3
                let status: TicketStatus = isOpen ? waiting[rng.below(waiting.count)] : (rng.below(3) == 0 ? .resolved : .closed)
                let customer = "cust-\(rng.below(200))"
                let title = Self.benchTicketTitles[rng.below(Self.benchTicketTitles.count)]
                let answered = !isOpen || status != .new ? opened.addingTimeInterval(600 + Double(rng.below(14_400))) : nil
                let resolved = isOpen ? nil : opened.addingTimeInterval(3_600 + Double(rng.below(200_000)))
                var changes = [SLAHistory.Change(at: opened, status: .new)]
                if status != .new, let answered { changes.append(SLAHistory.Change(at: answered, status: isOpen ? status : .investigating)) }
                if let resolved { changes.append(SLAHistory.Change(at: resolved, status: .resolved)) }
                if status == .closed, let resolved { changes.append(SLAHistory.Change(at: resolved.addingTimeInterval(86_400), status: .closed)) }
                var due: (kind: SLAKind, due: Date)?, check: Date?
                if isOpen {
                    let sla = SLAHistory(priority: priority, category: category, openedAt: opened, firstResponseAt: answered,
                                         lastUpdateOutAt: answered, changes: changes).status(policy: policy, now: end)
                    due = sla.nextDue
                    check = SLASweep.plan(status: sla, marks: [], now: end).nextCheck.flatMap { $0 > end ? $0 : nil }
                    if check != nil { scheduled += 1 }
                }
                try ticket.execute(arguments: [
                    number, customer, "ops@\(customer).example", title, category.rawValue, priority.rawValue, status.rawValue,
                    status == .waitingVendor ? "Gmail Postmaster" : nil, assignees.isEmpty ? nil : assignees[rng.below(assignees.count)],
                    TicketRouting.standard.team(for: category), Timestamp.format(opened), Timestamp.format(resolved ?? answered ?? opened),
                    answered.map(Timestamp.format), answered.map(Timestamp.format), resolved.map(Timestamp.format),
                    status == .closed ? resolved.map { Timestamp.format($0.addingTimeInterval(86_400)) } : nil,
                    resolved == nil ? nil : Self.benchResolutions[rng.below(Self.benchResolutions.count)],
                    resolved != nil && rng.below(3) == 0 ? 1 + rng.below(5) : nil,
                    due.map { Timestamp.format($0.due) }, due?.kind.rawValue, check.map(Timestamp.format),
                ])
                // The status history first (the SLA clocks read it), then messages and notes up to the share.
                for change in changes {
                    try entry.execute(arguments: [number, change.status == .resolved ? "resolution" : "status", "bench",
                                                  "→ \(change.status.rawValue)", Timestamp.format(change.at), change.status.rawValue])
                }
                let span = (resolved ?? end).timeIntervalSince(opened)
                for k in min(changes.count, perTicket)..<perTicket {
                    let kind = k == changes.count ? "message-in" : ["note", "update-out", "message-in", "note"][rng.below(4)]
                    let at = opened.addingTimeInterval(span * Double(k) / Double(perTicket + 1))
                    try entry.execute(arguments: [number, kind, kind == "message-in" ? "customer:ops@\(customer).example" : "bench",
                                                  Self.benchDetails[rng.below(Self.benchDetails.count)], Timestamp.format(at), nil])
                }
                written += max(perTicket, changes.count)
            }
            let article = try db.makeStatement(sql: """
                INSERT INTO kb_article (title, body, tags, author, created_at, updated_at, updated_by) VALUES (?, ?, ?, 'bench', ?, ?, 'bench')
                """)
            for a in 0..<max(0, articles) {
                let words = (0..<(60 + rng.below(120))).map { _ in Self.benchVocabulary[Self.zipf(&rng, Self.benchVocabulary.count)] }
                let title = (0..<(3 + rng.below(5))).map { _ in Self.benchVocabulary[Self.zipf(&rng, Self.benchVocabulary.count)] }.joined(separator: " ")
                let tags = [categories[rng.below(categories.count)].rawValue, Self.benchVocabulary[rng.below(40)]].joined(separator: " ")
                let at = Timestamp.format(end.addingTimeInterval(-days * 86_400 * Double(articles - a) / Double(max(articles, 1))))
                try article.execute(arguments: ["KB \(a): \(title)", words.joined(separator: " ") + ".", tags, at, at])
            }
        }
        do {
            try writer.writeWithoutTransaction { db in
                // No ANALYZE: the store is timed as `db migrate` leaves a real one (with the
                // statistics of 2026-12-09-ticket-queue-order), not with measured statistics.
                _ = try db.checkpoint(.truncate)
            }
        } catch {
            throw StoreErrors.map(error, path: path)
        }
        return TicketBenchmarkFixture(tickets: total, open: open, entries: written, articles: max(0, articles), scheduled: scheduled,
                                      seconds: Date().timeIntervalSince(began))
    }

    /// A skewed pick: low indexes (the common support words) far more often than the tail.
    static func zipf(_ rng: inout DemoStaff.Generator, _ count: Int) -> Int {
        let u = rng.unit()
        return min(count - 1, Int(Double(count) * u * u * u))
    }

    static let benchTicketTitles = [
        "Bounces to Gmail since 09:00", "SPF permerror after adding a new include", "DKIM signatures failing for one domain",
        "API returns 429 on bulk send", "Cannot log in after SSO change", "Invoice charged twice", "Refund for unused credits",
        "Suspicious logins from new country", "Open tracking pixel blocked", "Webhook deliveries delayed by an hour",
        "Outlook marks campaign as junk", "DMARC reports show unknown senders",
    ]
    static let benchResolutions = [
        "Gmail lifted the temporary block after the pool was warmed up again.", "Flattened the SPF record under ten lookups.",
        "Rotated the DKIM key and republished the selector.", "Raised the API rate limit for the account.",
        "Refunded the duplicate charge; the billing job was retried twice.", "Reset the SSO mapping and the sessions.",
    ]
}

/// Draws for fixtures from the store's SplitMix64 generator.
private extension DemoStaff.Generator {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
