import ArgumentParser
import Foundation
import OpsCore
import OpsStore

extension TicketsCommand {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Support KPIs: first response and resolution against SLA, backlog, first-contact resolution, CSAT, reopen rate.",
            discussion: """
            Times are wall time from opening (median and p90, nearest rank); MET is the share of decided or overdue SLA clocks that
            were met, on the business calendar. Groups cover tickets opened in the window; the backlog is every open ticket now.
            """)
        @OptionGroup var store: StoreOptions
        @Option(help: "Window: 30d, 24h, or a UTC date.") var since = "30d"
        @OptionGroup var output: JSONOutput
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try CLI.since(since, field: "since") } }

        func run() throws {
            let from = try CLI.since(since, field: "since")
            let stats = try store.open().ticketStats(since: from, as: store.actor)
            if output.json { return try CLI.printJSON(TicketStatsJSON(stats)) }
            print("Tickets opened since \(Timestamp.format(stats.since).prefix(16)): \(stats.tickets)")
            CLI.printTable(["GROUP", "TICKETS", "1ST MEDIAN", "1ST P90", "1ST MET", "RES MEDIAN", "RES P90", "RES MET"],
                           ([stats.overall] + stats.byPriority + stats.byCategory).map { g in
                               [g.key, String(g.tickets), Self.time(g.firstResponse.median), Self.time(g.firstResponse.p90),
                                Self.percent(g.firstResponse.metPercent), Self.time(g.resolution.median), Self.time(g.resolution.p90),
                                Self.percent(g.resolution.metPercent)]
                           })
            let b = stats.backlog
            let byPriority = TicketPriority.allCases.map { "\($0) \(b.byPriority[$0.description] ?? 0)" }.joined(separator: ", ")
            print("Backlog: \(b.open) open (\(b.breached) breached, \(b.unassigned) unassigned; \(byPriority))\(b.oldest.map { ", oldest \(AlertsCommand.age($0))" } ?? "")")
            print("First-contact resolution: \(Self.rate(stats.firstContactResolution))")
            print("CSAT: \(stats.csat.average.map { String(format: "%.2f", $0) } ?? "-") average over \(stats.csat.count) ratings")
            print("Reopen rate: \(Self.rate(stats.reopened))")
        }

        static func time(_ seconds: TimeInterval?) -> String { seconds.map(AlertsCommand.age) ?? "-" }
        static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f %%", $0) } ?? "-" }
        static func rate(_ r: TicketStats.Rate) -> String { "\(percent(r.percent)) (\(r.count) of \(r.of))" }
    }
}

/// `tickets stats --json`: seconds for times, percentages 0–100, null where nothing counted.
struct TicketStatsJSON: Encodable {
    struct Times: Encodable {
        var count, met, missed: Int
        var median, p90, metPercent: Double?
        enum CodingKeys: String, CodingKey { case count, met, missed, median = "median_seconds", p90 = "p90_seconds", metPercent = "met_percent" }
        init(_ t: TicketStats.Times) { count = t.count; met = t.met; missed = t.missed; median = t.median; p90 = t.p90; metPercent = t.metPercent }
    }
    struct Group: Encodable {
        var key: String
        var tickets: Int
        var firstResponse, resolution: Times
        enum CodingKeys: String, CodingKey { case key, tickets, firstResponse = "first_response", resolution }
        init(_ g: TicketStats.Group) { key = g.key; tickets = g.tickets; firstResponse = Times(g.firstResponse); resolution = Times(g.resolution) }
    }
    struct Rate: Encodable {
        var count, of: Int
        var percent: Double?
        init(_ r: TicketStats.Rate) { count = r.count; of = r.of; percent = r.percent }
    }
    struct Backlog: Encodable {
        var open, breached, unassigned: Int
        var byPriority: [String: Int]
        var oldest: Double?
        enum CodingKeys: String, CodingKey { case open, breached, unassigned, byPriority = "by_priority", oldest = "oldest_seconds" }
    }
    struct CSAT: Encodable {
        var count: Int
        var average: Double?
        var histogram: [Int]
    }

    var since, now: String
    var tickets: Int
    var overall: Group
    var byPriority, byCategory: [Group]
    var backlog: Backlog
    var firstContactResolution, reopen: Rate
    var csat: CSAT

    enum CodingKeys: String, CodingKey {
        case since, now, tickets, overall, backlog, csat
        case byPriority = "by_priority", byCategory = "by_category", firstContactResolution = "first_contact_resolution", reopen = "reopen_rate"
    }

    init(_ s: TicketStats) {
        since = Timestamp.format(s.since); now = Timestamp.format(s.now); tickets = s.tickets; overall = Group(s.overall)
        byPriority = s.byPriority.map(Group.init); byCategory = s.byCategory.map(Group.init)
        backlog = Backlog(open: s.backlog.open, breached: s.backlog.breached, unassigned: s.backlog.unassigned, byPriority: s.backlog.byPriority,
                          oldest: s.backlog.oldest)
        firstContactResolution = Rate(s.firstContactResolution); reopen = Rate(s.reopened)
        csat = CSAT(count: s.csat.count, average: s.csat.average, histogram: s.csat.histogram)
    }
}
