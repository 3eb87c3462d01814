import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops silences add | list | expire`.
struct SilencesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silences", abstract: "Mute alerts by label matchers for a while (muted alerts stay visible, dimmed).",
        subcommands: [Add.self, List.self, Expire.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a silence.",
            discussion: #"Matchers use Alertmanager's syntax: name="value", name!="value", name=~"regex", name!~"regex" (regexes match the whole value). Example: pmops silences add 'alertname="HostDiskFull"' 'instance=~"db2.*"' --for 2h --comment "cleanup, OPS-123""#)
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("Label matchers (all must match).", valueName: "matcher")) var matchers: [String]
        @Option(name: .customLong("for"), help: "How long from the start: 30m, 2h, 1d (at most 90d).") var duration: String?
        @Option(help: "End as a UTC time instead of --for.") var until: String?
        @Option(help: "Start later (UTC time); default now.") var starts: String?
        @Option(help: "Why (required; the next on-call reads it).") var comment: String
        @Flag(help: "JSON output.") var json = false

        func validate() throws {
            if matchers.isEmpty { throw ValidationError("Give at least one matcher, e.g. 'alertname=\"HostDiskFull\"'.") }
            if (duration == nil) == (until == nil) { throw ValidationError("Give exactly one of --for DURATION or --until TIME.") }
            if let duration, OpsCore.Duration.parse(duration).map({ $0 > 0 }) != true {
                throw ValidationError("'\(CLI.safe(duration))' is not a duration such as 30m, 2h or 1d.")
            }
            if let until, Timestamp.parse(until) == nil { throw ValidationError("'\(CLI.safe(until))' is not a UTC time such as 2026-11-28T09:00:00Z.") }
            if let starts, Timestamp.parse(starts) == nil { throw ValidationError("'\(CLI.safe(starts))' is not a UTC time such as 2026-11-28T09:00:00Z.") }
        }

        func run() throws {
            var parsed: [LabelMatcher] = []
            for text in matchers { parsed += try LabelMatcher.parseList(text) }
            let start = starts.flatMap(Timestamp.parse)
            let end: Date
            if let duration, let seconds = OpsCore.Duration.parse(duration) { end = (start ?? Date()).addingTimeInterval(seconds) } else {
                guard let until, let date = Timestamp.parse(until) else { throw ExitCode(2) }
                end = date
            }
            let (silence, muted) = try store.open().addSilence(matchers: parsed, startsAt: start, endsAt: end, comment: comment, as: store.actor)
            if json { return try CLI.printJSON(SilenceJSON(silence, now: Date(), muted: muted)) }
            print("Silence \(silence.id) \(silence.status(at: Date())) until \(Timestamp.format(silence.endsAt)): \(silence.matchers.map(\.description).joined(separator: ", ")); muted \(muted) alert(s) now.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List active and pending silences (--all adds expired ones).")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Include expired silences.") var all = false
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            let now = Date()
            let rows = try store.open().silences(includeExpired: all, as: store.actor)
            if json { return try CLI.printJSON(rows.map { SilenceJSON($0, now: now) }) }
            CLI.printTable(["ID", "STATUS", "MATCHERS", "STARTS", "ENDS", "BY", "COMMENT"], rows.map {
                [String($0.id), $0.status(at: now), $0.matchers.map(\.description).joined(separator: ", "), Timestamp.format($0.startsAt),
                 Timestamp.format($0.endsAt), $0.createdBy, $0.comment]
            })
        }
    }

    struct Expire: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a silence now; its alerts are unmuted at once.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Silence id.") var id: Int64
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            let (silence, unmuted) = try store.open().expireSilence(id: id, as: store.actor)
            if json { return try CLI.printJSON(SilenceJSON(silence, now: Date(), muted: unmuted)) }
            print("Silence \(silence.id) expired; \(unmuted) alert(s) unmuted.")
        }
    }
}

// swift-format-ignore: AlwaysUseLowerCamelCase
// Property names are the JSON keys, snake_case as README documents them.
struct SilenceJSON: Encodable {
    var id: Int64
    var status: String
    var matchers: [LabelMatcher]
    var starts_at: String
    var ends_at: String
    var created_by: String
    var created_at: String
    var comment: String
    var expired_by: String?
    /// Alerts muted (add) or unmuted (expire) by this command.
    var affected: Int?

    init(_ s: Silence, now: Date, muted: Int? = nil) {
        id = s.id; status = s.status(at: now); matchers = s.matchers; starts_at = Timestamp.format(s.startsAt)
        ends_at = Timestamp.format(s.endsAt); created_by = s.createdBy; created_at = Timestamp.format(s.createdAt)
        comment = s.comment; expired_by = s.expiredBy; affected = muted
    }
}

/// `pmops routing load | show | check`.
struct RoutingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing", abstract: "Alert routing (labels → team) and escalation policies (who is paged, after how long).",
        discussion: "The file format is described in Config/alert-routing.conf. The store keeps the loaded copy so every process routes alike.",
        subcommands: [Show.self, Check.self, Load.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the routing in force.")
        @OptionGroup var store: StoreOptions
        func run() throws {
            let db = try store.open(requiring: .alertsRead)
            try CLI.writeLines([try db.alertRouting().text.trimmingCharacters(in: .newlines)])
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a routing file (file:line errors, exit 2): its syntax, and when the store exists, that every paged login is an active account holding alerts.ack.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The routing file.") var file: String
        func run() throws {
            let text = try RoutingCommand.read(file)
            guard FileManager.default.fileExists(atPath: try store.resolvedPath().path) else {
                let routing = try AlertRouting.parse(text, file: file)
                print("\(file): \(routing.routes.count) route(s), \(Set(routing.levels.map(\.team)).count) escalation polic(ies), syntax OK (no store to check logins against).")
                return
            }
            let (routing, problems) = try store.open().checkAlertRouting(text, file: file)
            if !problems.isEmpty { throw OpsError.invalidFields(problems) }
            print("\(file): \(routing.routes.count) route(s), \(Set(routing.levels.map(\.team)).count) escalation polic(ies), OK.")
        }
    }

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the routing with a file (every paged login must be an active account holding alerts.ack). Needs rules.manage.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The routing file.") var file: String
        func run() throws {
            let routing = try store.open().loadAlertRouting(try RoutingCommand.read(file), file: file, as: store.actor)
            print("Loaded \(file): \(routing.routes.count) route(s), \(routing.levels.count) escalation level(s).")
        }
    }

    static func read(_ path: String) throws(OpsError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileManager.default.fileExists(atPath: path) ? .failure("Cannot read \(CLI.safe(path)).") : .notFound("No file \(CLI.safe(path)).")
        }
        guard data.count <= 1_000_000 else { throw .invalid(field: "file", message: "\(CLI.safe(path)) is over 1 MB; a routing file is a few lines.") }
        guard let text = String(data: data, encoding: .utf8) else { throw .invalid(field: "file", message: "\(CLI.safe(path)) is not UTF-8 text.") }
        return text
    }
}
