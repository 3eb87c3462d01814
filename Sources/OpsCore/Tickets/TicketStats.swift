import Foundation

/// One ticket as the KPIs see it: the ticket, its clocks at the report's instant, how many
/// updates went out to the customer and how often it was reopened.
public struct TicketStatsInput: Sendable, Equatable {
    public var ticket: Ticket
    public var sla: SLAStatus
    public var updatesOut: Int
    public var reopens: Int

    public init(ticket: Ticket, sla: SLAStatus, updatesOut: Int, reopens: Int) {
        self.ticket = ticket
        self.sla = sla
        self.updatesOut = updatesOut
        self.reopens = reopens
    }
}

/// The support KPIs of `pmops tickets stats`: first response and resolution times against
/// SLA by priority and category, the open backlog, first-contact resolution, CSAT and the
/// reopen rate. Pure: the store gathers the inputs, tests give them with a fixed instant.
public struct TicketStats: Sendable, Equatable, Codable {
    /// Times in seconds of wall time (what the customer lived through); `metPercent` is
    /// judged by the SLA clock, on its business calendar. Percentiles are nearest-rank.
    public struct Times: Sendable, Equatable, Codable {
        public var count = 0
        public var median: TimeInterval?
        public var p90: TimeInterval?
        /// Of the clocks that are decided or overdue (met, missed, breached): the share met.
        public var metPercent: Double?
        public var met = 0
        public var missed = 0

        public init() {}
    }

    public struct Group: Sendable, Equatable, Codable {
        public var key: String
        public var tickets = 0
        public var firstResponse = Times()
        public var resolution = Times()

        public init(key: String) { self.key = key }
    }

    public struct Backlog: Sendable, Equatable, Codable {
        public var open = 0
        public var breached = 0
        public var unassigned = 0
        public var byPriority: [String: Int] = [:]
        /// Age in seconds of the oldest open ticket.
        public var oldest: TimeInterval?

        public init() {}
    }

    public struct Rate: Sendable, Equatable, Codable {
        public var count = 0
        public var of = 0
        public var percent: Double? { of == 0 ? nil : Double(count) * 100 / Double(of) }

        public init(count: Int = 0, of: Int = 0) {
            self.count = count
            self.of = of
        }
    }

    public struct Satisfaction: Sendable, Equatable, Codable {
        public var count = 0
        public var average: Double?
        /// Ratings 1…5, how many of each.
        public var histogram = [0, 0, 0, 0, 0]

        public init() {}
    }

    public var since: Date
    public var now: Date
    /// Tickets opened since `since`.
    public var tickets = 0
    public var overall = Group(key: "all")
    public var byPriority: [Group] = []
    public var byCategory: [Group] = []
    /// Every open ticket now, whenever it was opened.
    public var backlog = Backlog()
    /// Resolved tickets answered with at most one update and never reopened.
    public var firstContactResolution = Rate()
    public var csat = Satisfaction()
    /// Tickets resolved at least once that were reopened.
    public var reopened = Rate()

    public init(since: Date, now: Date) {
        self.since = since
        self.now = now
    }

    /// - Parameters:
    ///   - window: the tickets opened since `since`.
    ///   - open: every open ticket (the backlog is not windowed).
    public static func compute(window: [TicketStatsInput], open: [TicketStatsInput], since: Date, now: Date) -> TicketStats {
        var stats = TicketStats(since: since, now: now)
        stats.tickets = window.count
        stats.overall = group("all", window)
        stats.byPriority = TicketPriority.allCases.compactMap { p in
            let rows = window.filter { $0.ticket.priority == p }
            return rows.isEmpty ? nil : group(p.description, rows)
        }
        stats.byCategory = TicketCategory.allCases.compactMap { c in
            let rows = window.filter { $0.ticket.category == c }
            return rows.isEmpty ? nil : group(c.rawValue, rows)
        }
        for row in open where row.ticket.status.isOpen {
            stats.backlog.open += 1
            if row.sla.isBreached { stats.backlog.breached += 1 }
            if row.ticket.assignee == nil { stats.backlog.unassigned += 1 }
            stats.backlog.byPriority[row.ticket.priority.description, default: 0] += 1
            let age = now.timeIntervalSince(row.ticket.openedAt)
            stats.backlog.oldest = max(stats.backlog.oldest ?? age, age)
        }
        let everResolved = window.filter { $0.ticket.resolvedAt != nil || $0.reopens > 0 }
        stats.reopened = Rate(count: everResolved.filter { $0.reopens > 0 }.count, of: everResolved.count)
        let resolved = window.filter { !$0.ticket.status.isOpen }
        stats.firstContactResolution = Rate(count: resolved.filter { $0.updatesOut <= 1 && $0.reopens == 0 }.count, of: resolved.count)
        let ratings = window.compactMap(\.ticket.csat).filter { (1...5).contains($0) }
        stats.csat.count = ratings.count
        stats.csat.average = ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count)
        for rating in ratings { stats.csat.histogram[rating - 1] += 1 }
        return stats
    }

    static func group(_ key: String, _ rows: [TicketStatsInput]) -> Group {
        var g = Group(key: key)
        g.tickets = rows.count
        g.firstResponse = times(rows, .firstResponse) { $0.ticket.firstResponseAt }
        g.resolution = times(rows, .resolution) { $0.ticket.status.isOpen ? nil : $0.ticket.resolvedAt }
        return g
    }

    static func times(_ rows: [TicketStatsInput], _ kind: SLAKind, done: (TicketStatsInput) -> Date?) -> Times {
        var t = Times()
        let spans = rows.compactMap { row in done(row).map { $0.timeIntervalSince(row.ticket.openedAt) } }.sorted()
        t.count = spans.count
        t.median = percentile(spans, 0.5)
        t.p90 = percentile(spans, 0.9)
        for row in rows {
            switch row.sla.clock(kind)?.state {
            case .met: t.met += 1
            case .missed, .breached: t.missed += 1
            default: break
            }
        }
        t.metPercent = t.met + t.missed == 0 ? nil : Double(t.met) * 100 / Double(t.met + t.missed)
        return t
    }

    /// Nearest rank: the smallest value with at least `q` of the values at or below it.
    public static func percentile(_ sorted: [TimeInterval], _ q: Double) -> TimeInterval? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
