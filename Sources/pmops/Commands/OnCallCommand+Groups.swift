import ArgumentParser
import Foundation
import OpsCore
import OpsStore

extension OnCallCommand {
    /// `pmops oncall schedule list | show | load | check`.
    struct ScheduleGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedule", abstract: "On-call schedules: layers of rotations in a time zone.",
            subcommands: [List.self, Show.self, Load.self, Check.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the schedules.")
            @OptionGroup var store: StoreOptions
            @Option(help: "Only this team's schedules.") var team: String?
            @OptionGroup var output: JSONOutput
            func run() throws {
                let rows = try store.open(requiring: OnCallPolicy.readPermission).onCallSchedules(team: team, as: store.actor)
                if output.json {
                    return try CLI.printJSON(rows.map { ScheduleJSON(name: $0.schedule.name, team: $0.schedule.team, timeZone: $0.schedule.timeZone,
                                                                     layers: $0.schedule.layers.count, text: $0.schedule.text,
                                                                     loadedBy: $0.loadedBy, loadedAt: Timestamp.format($0.loadedAt)) })
                }
                CLI.printTable(["SCHEDULE", "TEAM", "TIME ZONE", "LAYERS", "PEOPLE", "LOADED"], rows.map {
                    [$0.schedule.name, $0.schedule.team, $0.schedule.timeZone, String($0.schedule.layers.count),
                     $0.schedule.participants.joined(separator: ","), "\(Timestamp.format($0.loadedAt)) by \($0.loadedBy)"]
                })
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print a schedule's file text and its next shifts.")
            @OptionGroup var store: StoreOptions
            @Argument(help: "The schedule.") var name: String
            @Option(help: "How many upcoming shifts (1 to 100).") var count = 10
            func validate() throws {
                guard (1...100).contains(count) else { throw ValidationError("--count must be 1 to 100.") }
            }
            func run() throws {
                let db = try store.open(requiring: OnCallPolicy.readPermission)
                let stored = try db.onCallSchedule(name, as: store.actor)
                let now = Date()
                let shifts = try db.onCallShifts(schedule: name, from: now, to: now.addingTimeInterval(400 * 86_400), as: store.actor)
                var lines = stored.schedule.text.split(separator: "\n").map(String.init) + ["", "Next shifts (UTC):"]
                for shift in shifts.prefix(count) {
                    let who = shift.login.map { $0 + (shift.covering.map { " covering \($0)" } ?? "") } ?? "nobody (gap)"
                    lines.append("  \(Timestamp.format(shift.start))  \(Timestamp.format(shift.end))  \(who)")
                }
                try CLI.writeLines(lines.map { CLI.safe($0) })
            }
        }

        struct Load: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add or replace the schedules of a file (every participant must be an active account holding alerts.ack). Needs rules.manage.")
            @OptionGroup var store: StoreOptions
            @Argument(help: "The schedule file.") var file: String
            func run() throws {
                let result = try store.open().loadOnCallSchedules(try OnCallCommand.read(file), file: file, as: store.actor)
                print("Loaded \(file): \(result.schedules.map(\.name).joined(separator: ", ")).")
                OnCallCommand.printGaps(result.gaps)
            }
        }

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check a schedule file (file:line errors, exit 2): syntax, and when the store exists, that every participant can take pages; gaps are flagged.")
            @OptionGroup var store: StoreOptions
            @Argument(help: "The schedule file.") var file: String
            func run() throws {
                let text = try OnCallCommand.read(file)
                guard let db = try store.openIfPresent(requiring: OnCallPolicy.readPermission) else {
                    let schedules = try OnCallSchedule.parse(text, file: file)
                    return print("\(file): \(schedules.count) schedule(s), syntax OK (no store to check logins against).")
                }
                let result = try db.checkOnCallSchedules(text, file: file)
                if !result.problems.isEmpty { throw OpsError.invalidFields(result.problems) }
                print("\(file): \(result.schedules.count) schedule(s), OK.")
                OnCallCommand.printGaps(result.gaps)
            }
        }
    }

    static func printGaps(_ gaps: [OnCallShift]) {
        guard !gaps.isEmpty else { return }
        print("Warning: nobody is on call in \(gaps.count) stretch(es) of the next 14 days (pages there go to the next level):")
        for gap in gaps.prefix(10) { print("  \(gap.schedule)  \(Timestamp.format(gap.start)) – \(Timestamp.format(gap.end))") }
    }

    /// `pmops oncall override add | list | remove`.
    struct OverrideGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "override", abstract: "Someone covers someone else's on-call time (a swap is two overrides).",
            subcommands: [Add.self, List.self, Remove.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Cover someone: made by the person covering, the person covered, or a team admin. Outside the covered person's shifts it is kept but flagged.")
            @OptionGroup var store: StoreOptions
            @Option(help: "The schedule.") var schedule: String
            @Option(help: "Who covers (default: you).") var covering: String?
            @Option(help: "Who is covered.") var covered: String
            @Option(help: "Start (UTC time); default now.") var starts: String?
            @Option(name: .customLong("for"), help: "How long: 8h, 2d (at most 90d).") var duration: String?
            @Option(help: "End as a UTC time instead of --for.") var until: String?
            @OptionGroup var output: JSONOutput
            func validate() throws {
                if (duration == nil) == (until == nil) { throw ValidationError("Give exactly one of --for DURATION or --until TIME.") }
                try CLI.validating { () throws(OpsError) in
                    if let duration { _ = try OpsCore.Duration.parse(duration, field: "for", positive: true) }
                    if let until { _ = try InputLimits.time(until, field: "until") }
                    if let starts { _ = try InputLimits.time(starts, field: "starts") }
                }
            }
            func run() throws {
                let start = try starts.map { text throws(OpsError) in try InputLimits.time(text, field: "starts") } ?? Date()
                let end = if let duration { start.addingTimeInterval(try OpsCore.Duration.parse(duration, field: "for", positive: true)) }
                          else { try InputLimits.time(until ?? "", field: "until") }
                let db = try store.open()
                let who = try covering ?? db.whoAmI(store.actor).login
                let added = try db.addOnCallOverride(schedule: schedule, covering: who, covered: covered, start: start, end: end, as: store.actor)
                if output.json { return try CLI.printJSON(OverrideJSON(added)) }
                print("Override \(added.override.id): \(added.override.covering) covers \(added.override.covered) in \(schedule) from \(Timestamp.format(start)) to \(Timestamp.format(end)).")
                if added.flagged { print("Flagged: '\(added.override.covered)' has no shift in \(schedule) in that time, so it changes nothing unless the schedule changes.") }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List current and future overrides (--all adds past ones).")
            @OptionGroup var store: StoreOptions
            @Option(help: "Only this schedule's overrides.") var schedule: String?
            @Flag(help: "Include overrides that have ended.") var all = false
            @OptionGroup var output: JSONOutput
            func run() throws {
                let rows = try store.open(requiring: OnCallPolicy.readPermission).onCallOverrides(schedule: schedule, past: all, as: store.actor)
                if output.json { return try CLI.printJSON(rows.map(OverrideJSON.init)) }
                CLI.printTable(["ID", "SCHEDULE", "COVERING", "COVERED", "STARTS", "ENDS", "BY", "FLAGGED"], rows.map {
                    [String($0.override.id), $0.override.schedule, $0.override.covering, $0.override.covered, Timestamp.format($0.override.start),
                     Timestamp.format($0.override.end), $0.override.createdBy, $0.flagged ? "yes" : ""]
                })
            }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove an override (the covering person, the covered person or a team admin).")
            @OptionGroup var store: StoreOptions
            @Argument(help: "Override id.") var id: Int64
            func run() throws {
                try store.open().removeOnCallOverride(id: id, as: store.actor)
                print("Override \(id) removed.")
            }
        }
    }
}

struct ScheduleJSON: Encodable {
    var name, team, timeZone: String
    var layers: Int
    var text, loadedBy, loadedAt: String
    enum CodingKeys: String, CodingKey { case name, team, timeZone = "time_zone", layers, text, loadedBy = "loaded_by", loadedAt = "loaded_at" }
}

struct OverrideJSON: Encodable {
    var id: Int64
    var schedule, covering, covered, starts, ends, createdBy: String
    var flagged: Bool
    init(_ stored: StoredOverride) {
        let o = stored.override
        id = o.id; schedule = o.schedule; covering = o.covering; covered = o.covered
        starts = Timestamp.format(o.start); ends = Timestamp.format(o.end); createdBy = o.createdBy; flagged = stored.flagged
    }
    enum CodingKeys: String, CodingKey { case id, schedule, covering, covered, starts, ends, createdBy = "created_by", flagged }
}

struct HandoffJSON: Encodable {
    var id: Int64
    var schedule: String
    var outgoing, incoming: String?
    var shiftStart, handoffAt, body: String
    init(_ r: HandoffReport) {
        id = r.id; schedule = r.schedule; outgoing = r.outgoing; incoming = r.incoming
        shiftStart = Timestamp.format(r.shiftStart); handoffAt = Timestamp.format(r.handoffAt); body = r.body
    }
    enum CodingKeys: String, CodingKey { case id, schedule, outgoing, incoming, shiftStart = "shift_start", handoffAt = "handoff_at", body }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(schedule, forKey: .schedule); try c.encode(outgoing, forKey: .outgoing)
        try c.encode(incoming, forKey: .incoming); try c.encode(shiftStart, forKey: .shiftStart); try c.encode(handoffAt, forKey: .handoffAt)
        try c.encode(body, forKey: .body)
    }
}
