import ArgumentParser
import Foundation
import OpsCore
import OpsFixtures
import OpsStore

extension BenchCommand {
    /// `pmops bench tickets`: issue 15's store-side figures on a WAL file store.
    struct Tickets: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tickets",
            abstract: "Tickets: SLA sweep per tick (< 5 ms), kb search p99 (< 10 ms), tickets open process wall (< 40 ms), pane first frame (< 50 ms) and filters (< 30 ms).",
            discussion: """
            Builds a fresh store by bulk insert: --tickets tickets (a tenth open, opened in the last three days), --entries timeline
            entries, --articles KB articles of generated prose. Sweep: --ticks collector ticks --step seconds apart from the store's
            "now", each timed around sweepTicketSLA (the reminders, breach alerts and their resolution it writes included). Search:
            --queries kb searches of one to three words drawn like the articles' own words, after a warm-up. Open: the binary
            spawned --runs times for 'tickets open' against the same store. Pane: --runs times on a fresh connection, the Tickets pane's
            first frame at 200x60, then every filter key through its cycle and a typed / search, each timed from key to diffed frame.
            """)
        @OptionGroup var report: BenchReportOptions
        @Option(help: "Tickets in the store.") var tickets = 100_000
        @Option(help: "Timeline entries in the store.") var entries = 1_000_000
        @Option(help: "KB articles in the store.") var articles = 10_000
        @Option(help: "Sweep ticks timed.") var ticks = 2_000
        @Option(help: "Simulated seconds between ticks.") var step = 15.0
        @Option(help: "KB searches timed.") var queries = 2_000
        @Option(help: "Timed runs of 'pmops tickets open'.") var runs = 20

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(tickets, field: "tickets", in: 10...10_000_000)
                try InputLimits.count(entries, field: "entries", in: 20...100_000_000)
                try InputLimits.count(articles, field: "articles", in: 1...1_000_000)
                try InputLimits.count(ticks, field: "ticks", in: 1...1_000_000)
                try InputLimits.count(queries, field: "queries", in: 1...1_000_000)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
            }
            if !(step > 0 && step <= 86_400) { throw ValidationError("--step must be between 0 and 86400 seconds.") }
        }

        func run() throws {
            let login = OSIdentity.currentLogin()
            let actor = ActorContext(osLogin: login)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pmops-tickets-bench-\(getpid())")
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("s.db").path
            let clock = ManualClock(Date())
            let db = try AppDatabase(path: path, clock: clock)
            _ = try db.initialize(login: login, displayName: "Bench", email: "\(login)@bench.example.com")
            for n in 0..<20 {
                _ = try db.createStaff(NewStaff(login: "agent\(n)", displayName: "Agent \(n)", email: "agent\(n)@bench.example.com", team: "support",
                                                roles: ["support"]), as: actor)
            }
            report.progress("building \(tickets) tickets, \(entries) entries, \(articles) articles")
            let fixture = try db.seedTicketBenchmark(tickets: tickets, entries: entries, articles: articles,
                                                     assignees: (0..<20).map { "agent\($0)" }, now: clock.now())
            report.progress("built in \(String(format: "%.1f", fixture.seconds)) s; \(fixture.scheduled) open tickets have an SLA check to come")

            var sweep = BenchSamples()
            var swept = TicketSLASweepReport()
            var busiest = 0
            for _ in 0..<ticks {
                clock.advance(by: step)
                let (seconds, result) = try BenchClock.time { try db.sweepTicketSLA(at: clock.now()) }
                sweep.append(seconds * 1_000)
                swept.examined += result.examined; swept.reminded += result.reminded; swept.breached += result.breached
                busiest = max(busiest, result.examined)
            }
            report.progress("sweep: \(swept.examined) tickets examined, \(swept.reminded) reminders, \(swept.breached) breach alerts")

            let words = try db.searchKB("gmail", limit: 1, as: actor).isEmpty ? ["mail"] : Self.queryWords
            var rng = SystemRandomNumberGenerator()
            var search = BenchSamples()
            var hits = 0
            for i in 0..<(queries + 100) {
                let query = (0..<(1 + Int.random(in: 0..<3, using: &rng))).map { _ in words.randomElement(using: &rng) ?? "mail" }.joined(separator: " ")
                let (seconds, found) = try BenchClock.time { try db.searchKB(query, limit: 20, as: actor) }
                if i >= 100 {
                    search.append(seconds * 1_000)
                    hits += found.count
                }
            }
            db.close()
            let runs = self.runs, progress = report.progress
            // Side by side on one store: the pane without the ticket statistics (a store before
            // migration 2026-12-09-ticket-queue-order), then with them (as `db migrate` leaves it).
            let pane = try MainActor.assumeIsolated { () throws(OpsError) -> [BenchFigure] in
                let store = try AppDatabase(path: path, create: false)
                try store.setTicketQueueStatistics(false)
                store.close()
                let before = try TicketPaneBenchmarks(path: path, actor: actor, progress: progress, variant: ("nostats.", " (no statistics)")).all(runs: runs)
                let again = try AppDatabase(path: path, create: false)
                try again.setTicketQueueStatistics(true)
                again.close()
                return before + (try TicketPaneBenchmarks(path: path, actor: actor, progress: progress).all(runs: runs))
            }

            let binary = BenchProcess.currentExecutable()
            let open = try BenchProcess.timeRuns(binary, ["tickets", "open", "--db", path, "--customer", "cust-1", "--category", "deliverability",
                                                          "--priority", "P2", "--title", "Bench open"], runs: runs, warmups: 2)
            try BenchReport(suite: "tickets", date: BenchReport.now(), label: report.label, machine: BenchMachine.current(),
                            fixture: ["store": "\(fixture.tickets) tickets (\(fixture.open) open), \(fixture.entries) entries, \(fixture.articles) KB articles, built in \(String(format: "%.1f", fixture.seconds)) s",
                                      "sweep": "\(ticks) ticks \(step) s apart: \(swept.examined) tickets examined (at most \(busiest) in a tick), \(swept.reminded) reminders, \(swept.breached) breach alerts",
                                      "search": "\(queries) queries of 1–3 words, \(hits / max(queries, 1)) hits each on average (limit 20)"],
                            figures: [
                                BenchFigure(id: "tickets.sla_sweep", label: "SLA sweep per collector tick", unit: "ms", runs: [sweep],
                                            target: BenchTarget(stat: .p99, comparison: .below, value: 5)),
                                BenchFigure(id: "tickets.kb_search", label: "kb search (bm25, snippet, limit 20)", unit: "ms", runs: [search],
                                            target: BenchTarget(stat: .p99, comparison: .below, value: 10)),
                                BenchFigure(id: "tickets.open_process", label: "pmops tickets open (process wall)", unit: "ms",
                                            perRun: BenchSamples(open.values.map { $0 * 1_000 }),
                                            target: BenchTarget(stat: .median, comparison: .below, value: 40)),
                            ] + pane).print(json: report.json, saveTo: report.save)
        }

        /// What people type: support words, most of them common in the articles.
        static let queryWords = ["gmail", "spf", "dkim", "dmarc", "bounce", "blocked", "spam", "refund", "invoice", "webhook", "api", "rate",
                                 "limit", "tls", "certificate", "sso", "login", "outlook", "reputation", "warm", "pool", "queue", "timeout",
                                 "dns", "record", "selector", "blocklist", "delist", "complaint", "tracking", "421", "550", "permerror",
                                 "mail", "delivery", "customer", "incident", "alignment", "throttling", "postmaster"]
    }
}
