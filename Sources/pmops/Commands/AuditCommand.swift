import ArgumentParser
import Foundation
import OpsCore
import OpsStore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The tamper-evident audit trail: list, verify, export.",
        subcommands: [List.self, Verify.self, Export.self])

    struct Filters: ParsableArguments {
        @Option(help: "Only rows by this actor (or impersonator).") var actor: String?
        @Option(help: "Only this action (e.g. user.create; 'user.*' matches a prefix).") var action: String?
        @Option(help: "Only rows about this target.") var target: String?
        @Option(help: "From this time: a timestamp or an age like 7d, 12h.") var since: String?
        @Option(help: "Before this time: a timestamp or an age like 1d.") var until: String?

        func filter() throws(OpsError) -> AuditFilter {
            var f = AuditFilter(actor: actor, action: action, target: target)
            let now = Date()
            if let since { f.since = try CLI.since(since, field: "since", now: now) }
            if let until { f.until = try CLI.since(until, field: "until", now: now) }
            return f
        }

        func validate() throws {
            try CLI.validating { () throws(OpsError) in _ = try filter() }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List audit rows (oldest first).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var filters: Filters
        @Option(help: "At most this many rows (newest).") var limit: Int = 200
        @OptionGroup var output: JSONOutput

        func validate() throws {
            try CLI.validating { () throws(OpsError) in try InputLimits.count(limit, field: "limit", in: 1...InputLimits.maxCount) }
        }

        func run() throws {
            var f = try filters.filter()
            f.limit = limit
            f.newestFirst = true
            let rows = Array(try store.open().auditEntries(f, as: store.actor).reversed())
            if output.json { return try CLI.printJSON(rows) }
            CLI.printTable(["ID", "AT", "ACTOR", "ACTION", "TARGET", "REASON"], rows.map { (e: AuditEntry) -> [String] in
                let who = e.impersonator.map { "\(e.actor) (by \($0))" } ?? e.actor
                return [String(e.id), e.at, who, e.action, e.target ?? "", e.reason ?? ""]
            })
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the hash chain; exit 1 naming the first bad row.",
            discussion: "Also checks the latest head anchored in STORE.anchors (written on every change) and that no account, role, silence or routing change is newer than the last audit row.")
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("expect-head"), help: "Also require this head hash (anchored elsewhere).") var expectHead: String?
        @OptionGroup var output: JSONOutput

        struct Result: Encodable {
            var ok: Bool, rows: Int, head: String?, problem: String?, firstBadRow: Int64?, anchoredRow: Int64?, seconds: Double
            enum CodingKeys: String, CodingKey { case ok, rows, head, problem, seconds, firstBadRow = "first_bad_row", anchoredRow = "anchored_row" }
        }

        func run() throws {
            let start = Date()
            let v = try store.open().verifyAudit(expectHead: expectHead, as: store.actor)
            let seconds = Date().timeIntervalSince(start)
            if output.json {
                try CLI.printJSON(Result(ok: v.ok, rows: v.rowsChecked, head: v.headHash, problem: v.problem, firstBadRow: v.firstBadRow,
                                         anchoredRow: v.anchor?.auditID, seconds: seconds))
            } else if v.ok {
                let anchor = v.anchor.map { "; matches the anchor of row \($0.auditID) (\(CLI.safe($0.at)))" } ?? "; no anchor to check against"
                print("Audit chain intact: \(v.rowsChecked) rows verified in \(String(format: "%.2f", seconds)) s; head \(v.headHash ?? "(empty)")\(anchor).")
            }
            if let problem = v.problem {
                if !output.json { CLI.printError(problem) }
                throw ExitCode(1)
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export audit rows as JSON Lines or CSV.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var filters: Filters
        @Option(help: "jsonl or csv.") var format: String = "jsonl"
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func validate() throws {
            guard ["jsonl", "csv"].contains(format) else { throw ValidationError("--format must be jsonl or csv, not \(Printable.excerpt(format)).") }
        }

        func run() throws {
            let db = try store.open()
            var out = AuditWriter(path: output)
            try out.open()
            let columns = ["id", "at", "actor", "impersonator", "action", "target", "before", "after", "reason", "prev_hash", "hash"]
            if format == "csv" { try out.write(columns.joined(separator: ",") + "\n") }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var count = 0
            try db.forEachAuditEntry(try filters.filter(), as: store.actor) { e in
                if format == "jsonl" {
                    try out.write(String(decoding: try encoder.encode(e), as: UTF8.self) + "\n")
                } else {
                    let fields: [String?] = [String(e.id), e.at, e.actor, e.impersonator, e.action, e.target, e.before, e.after, e.reason, e.prevHash, e.hash]
                    try out.write(fields.map { Self.csv($0) }.joined(separator: ",") + "\n")
                }
                count += 1
            }
            try out.close()
            if let output { CLI.writeStderr("Exported \(count) rows to \(output).\n") }
        }

        /// RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it.
        static func csv(_ value: String?) -> String {
            guard var v = value else { return "" }
            if let first = v.first, "=+-@".contains(first) { v = "'" + v }
            if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return v
        }
    }
}

/// Buffered output to stdout or a file written atomically (tmp then rename). A failed
/// write (disk full, closed pipe) ends the export with one sentence and exit 1.
struct AuditWriter {
    let path: String?
    private var fd: Int32 = STDOUT_FILENO
    private var buffer: [UInt8] = []
    init(path: String?) { self.path = path }

    mutating func open() throws {
        guard let path else { return }
        let descriptor = Glibc.open(path + ".tmp", O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OpsError.failure("Cannot write \(path): \(String(cString: strerror(errno))).") }
        fd = descriptor
    }

    mutating func write(_ s: String) throws {
        buffer.append(contentsOf: s.utf8)
        if buffer.count > 1 << 16 { try flush() }
    }

    private mutating func flush() throws {
        try CLI.write(buffer, to: fd, what: path ?? "the export to standard output")
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        fflush(nil)
        try flush()
        guard let path else { return }
        guard fsync(fd) == 0, Glibc.close(fd) == 0 else { throw OpsError.failure("Cannot write \(path): \(String(cString: strerror(errno))).") }
        guard rename(path + ".tmp", path) == 0 else { throw OpsError.failure("Cannot move the export into \(path).") }
    }
}
