import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops oncall now | schedule | override | handoff | report | export | import-ics`.
struct OnCallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oncall", abstract: "On-call schedules: who is on call, rotations, overrides, handoffs and the pager load.",
        discussion: "Schedule files are described in Config/oncall-schedules.conf. A routing level pages a schedule with schedule:NAME.",
        subcommands: [Now.self, ScheduleGroup.self, OverrideGroup.self, Handoff.self, Report.self, Export.self, ImportICS.self])

    struct Now: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Who is on call now in every schedule (or one team's), until when, and who is next.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this team's schedules.") var team: String?
        @OptionGroup var output: JSONOutput
        func run() throws {
            let db = try store.open(requiring: OnCallPolicy.readPermission)
            let rows = try db.onCallNow(team: team, as: store.actor)
            if output.json { return try CLI.printJSON(rows.map(OnCallNowJSON.init)) }
            if rows.isEmpty { return print("No on-call schedules; load one with pmops oncall schedule load FILE.") }
            CLI.printTable(["SCHEDULE", "TEAM", "ON CALL", "UNTIL", "NEXT"], rows.map { row in
                [row.schedule, row.team,
                 row.login.map { $0 + (row.covering.map { " (covering \($0))" } ?? "") } ?? "nobody",
                 row.until.map(Timestamp.format) ?? "-", row.next ?? "-"]
            })
        }
    }

    struct Handoff: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List recent handoff reports, or print one (--shift ID).")
        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("The handoff report to print (an id from the list).", valueName: "id")) var shift: Int64?
        @Option(help: "Only this schedule's reports.") var schedule: String?
        @Option(help: "How many reports to list (1 to 1000).") var limit = 20
        @OptionGroup var output: JSONOutput
        func validate() throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1 to 1000.") }
            if let shift, shift < 1 { throw ValidationError("--shift needs a handoff report id (a positive number).") }
        }
        func run() throws {
            let db = try store.open(requiring: OnCallPolicy.readPermission)
            if let shift {
                let report = try db.onCallHandoff(id: shift, as: store.actor)
                if output.json { return try CLI.printJSON(HandoffJSON(report)) }
                return try CLI.writeLines(report.body.split(separator: "\n", omittingEmptySubsequences: false).map { CLI.safe(String($0)) })
            }
            let reports = try db.onCallHandoffs(schedule: schedule, limit: limit, as: store.actor)
            if output.json { return try CLI.printJSON(reports.map(HandoffJSON.init)) }
            CLI.printTable(["ID", "SCHEDULE", "AT", "OUTGOING", "INCOMING"], reports.map {
                [String($0.id), $0.schedule, Timestamp.format($0.handoffAt), $0.outgoing ?? "nobody", $0.incoming ?? "nobody"]
            })
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Who carries the pager: pages per person, and at night (22:00–07:00 local), over a period.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The period: 30d, 12h, or a UTC time.") var since = "30d"
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in _ = try CLI.since(since, field: "since") }
        }
        func run() throws {
            let from = try CLI.since(since, field: "since")
            let rows = try store.open(requiring: OnCallPolicy.readPermission).onCallLoad(since: from, as: store.actor)
            if output.json { return try CLI.printJSON(rows) }
            if rows.isEmpty { return print("No pages since \(Timestamp.format(from)).") }
            CLI.printTable(["LOGIN", "PAGES", "AT NIGHT"], rows.map { [$0.login, String($0.pages), String($0.night)] })
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the final schedule as an iCalendar feed (RFC 5545, times in UTC) to standard output.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The schedule.") var schedule: String
        @Option(help: "The format (ics).") var format = "ics"
        @Option(help: "How many days from now (1 to 400).") var days = 90
        func validate() throws {
            guard format == "ics" else { throw ValidationError("--format must be ics.") }
            guard (1...400).contains(days) else { throw ValidationError("--days must be 1 to 400.") }
        }
        func run() throws {
            let db = try store.open(requiring: OnCallPolicy.readPermission)
            let now = Date()
            let shifts = try db.onCallShifts(schedule: schedule, from: now, to: now.addingTimeInterval(Double(days) * 86_400), as: store.actor)
            let ics = ICalendar.export(shifts, schedule: schedule, stamp: now)
            try CLI.write(Array(ics.utf8), to: STDOUT_FILENO, what: "standard output")
        }
    }

    struct ImportICS: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-ics",
            abstract: "Import overrides from an iCalendar file: each event's SUMMARY is \"COVERING covers COVERED\"; all or nothing.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The .ics file.") var file: String
        @Option(help: "The schedule the overrides belong to.") var schedule: String
        @OptionGroup var output: JSONOutput
        func run() throws {
            let text = try OnCallCommand.read(file, limit: ICalendar.maxBytes)
            let added = try store.open().importOnCallOverrides(text, file: file, schedule: schedule, as: store.actor)
            if output.json { return try CLI.printJSON(added.map(OverrideJSON.init)) }
            print("Imported \(added.count) override(s) into \(schedule)\(added.contains(where: \.flagged) ? "; flagged (the covered person has no shift then): \(added.filter(\.flagged).map { String($0.override.id) }.joined(separator: ", "))" : "").")
        }
    }

    static func read(_ path: String, limit: Int = OnCallSchedule.maxBytes) throws(OpsError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileManager.default.fileExists(atPath: path) ? .failure("Cannot read \(Printable.excerpt(path)).") : .notFound("No file \(Printable.excerpt(path)).")
        }
        guard data.count <= limit else { throw .invalid(field: "file", message: "\(Printable.excerpt(path)) is over \(limit) bytes.") }
        guard let text = String(data: data, encoding: .utf8) else { throw .invalid(field: "file", message: "\(Printable.excerpt(path)) is not UTF-8 text.") }
        return text
    }
}

struct OnCallNowJSON: Encodable {
    var schedule: String
    var team: String
    var timeZone: String
    var login: String?
    var layer: String?
    var covering: String?
    var until: String?
    var next: String?
    init(_ row: OnCallNow) {
        schedule = row.schedule; team = row.team; timeZone = row.timeZone; login = row.login; layer = row.layer
        covering = row.covering; until = row.until.map(Timestamp.format); next = row.next
    }
    enum CodingKeys: String, CodingKey { case schedule, team, timeZone = "time_zone", login, layer, covering, until, next }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schedule, forKey: .schedule); try c.encode(team, forKey: .team); try c.encode(timeZone, forKey: .timeZone)
        try c.encode(login, forKey: .login); try c.encode(layer, forKey: .layer); try c.encode(covering, forKey: .covering)
        try c.encode(until, forKey: .until); try c.encode(next, forKey: .next)
    }
}
