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
        @OptionGroup var output: JSONOutput

        func validate() throws {
            if matchers.isEmpty { throw ValidationError("Give at least one matcher, e.g. 'alertname=\"HostDiskFull\"'.") }
            if (duration == nil) == (until == nil) { throw ValidationError("Give exactly one of --for DURATION or --until TIME.") }
            try CLI.validating { () throws(OpsError) in
                if let duration { _ = try OpsCore.Duration.parse(duration, field: "for", positive: true) }
                if let until { _ = try InputLimits.time(until, field: "until") }
                if let starts { _ = try InputLimits.time(starts, field: "starts") }
            }
        }

        func run() throws {
            var parsed: [LabelMatcher] = []
            for text in matchers { parsed += try LabelMatcher.parseList(text) }
            let start = try starts.map { text throws(OpsError) in try InputLimits.time(text, field: "starts") }
            let end: Date
            if let duration {
                end = (start ?? Date()).addingTimeInterval(try OpsCore.Duration.parse(duration, field: "for", positive: true))
            } else if let until {
                end = try InputLimits.time(until, field: "until")
            } else {
                throw ExitCode(2)
            }
            let (silence, muted) = try store.open().addSilence(matchers: parsed, startsAt: start, endsAt: end, comment: comment, as: store.actor)
            if output.json { return try CLI.printJSON(SilenceJSON(silence, now: Date(), muted: muted)) }
            print("Silence \(silence.id) \(silence.status(at: Date())) until \(Timestamp.format(silence.endsAt)): \(CLI.safe(silence.matchers.map(\.description).joined(separator: ", "))); muted \(muted) alert(s) now.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List active and pending silences (--all adds expired ones).")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Include expired silences.") var all = false
        @OptionGroup var output: JSONOutput
        func run() throws {
            let now = Date()
            let rows = try store.open().silences(includeExpired: all, as: store.actor)
            if output.json { return try CLI.printJSON(rows.map { SilenceJSON($0, now: now) }) }
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
        @OptionGroup var output: JSONOutput
        func run() throws {
            let (silence, unmuted) = try store.open().expireSilence(id: id, as: store.actor)
            if output.json { return try CLI.printJSON(SilenceJSON(silence, now: Date(), muted: unmuted)) }
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
