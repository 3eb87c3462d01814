import Foundation
import OpsStore

// MARK: - Parsing

/// The grammar, one statement per line (`#` comments, blank lines ignored):
///
/// ```
/// source host [interval=10s] [timeout=D] [mounts=/,/var] [percpu=yes|no]
/// source demo [interval=1s] [speed=1]
/// probe tcp NAME HOST:PORT [interval=30s] [timeout=3s]
/// probe http NAME URL [interval=30s] [timeout=5s] [expect=TEXT] [status=200-399]
/// scrape NAME URL [interval=15s] [timeout=5s] [max-bytes=10MiB] [keep=PREFIX,PREFIX]
/// alertmanager NAME URL [interval=30s] [timeout=5s] [max-bytes=10MiB]
/// mailbox NAME maildir:PATH [interval=30s] [timeout=10s]
/// stripe NAME spool:PATH [interval=5s] [timeout=D]
/// rules PATH
/// retention [raw=48h] [minute=14d] [hour=400d]
/// lease [heartbeat=5s]
/// ```
extension CollectorConfig {
    /// The shortest interval accepted: below it a collector would spend its life ticking.
    public static let minimumInterval: TimeInterval = 0.1
    /// The largest config parsed (the commented example is ~5 KB): a runaway generated
    /// file is refused whole rather than parsed line by line for minutes.
    public static let maxBytes = 1_048_576

    /// Reads and parses a file; relative paths inside it are resolved against its folder.
    public static func load(path: String) throws(CollectorConfigError) -> CollectorConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw CollectorConfigError([ConfigDiagnostic(source: path, line: 0, message: "the collector config \(reason)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CollectorConfigError([ConfigDiagnostic(source: path, line: 0, message: "the collector config is not UTF-8 text")])
        }
        let folder = (path as NSString).deletingLastPathComponent
        return try parse(text, source: path, baseDirectory: folder.isEmpty ? "." : folder)
    }

    /// Parses config text, reporting every problem with its line. An empty file is an
    /// empty collector (nothing to collect), which is allowed; a missing file is not.
    public static func parse(_ text: String, source: String = "collector.conf",
                             baseDirectory: String? = nil) throws(CollectorConfigError) -> CollectorConfig {
        let size = text.utf8.count
        guard size <= maxBytes else {
            throw CollectorConfigError([ConfigDiagnostic(source: source, line: 0,
                                                         message: "the collector config is \(size) bytes, over the \(maxBytes)-byte limit")])
        }
        var parser = ConfigParser(source: source, baseDirectory: baseDirectory)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            parser.parse(line.hasSuffix("\r") ? line.dropLast() : line, number: index + 1)
        }
        guard parser.diagnostics.isEmpty else { throw CollectorConfigError(parser.diagnostics) }
        return parser.config
    }
}

/// The state of one parse: the config so far, the lines that set singletons, the problems.
private struct ConfigParser {
    let source: String
    let baseDirectory: String?
    var config = CollectorConfig()
    var diagnostics: [ConfigDiagnostic] = []
    private var names: [String: Int] = [:]
    private var singletons: [String: Int] = [:]

    init(source: String, baseDirectory: String?) {
        self.source = source
        self.baseDirectory = baseDirectory
    }

    mutating func parse(_ text: Substring, number: Int) {
        do {
            guard let line = try ConfigLine.split(text) else { return }
            try statement(line, number: number)
        } catch {
            diagnostics.append(ConfigDiagnostic(source: source, line: number, message: error.message))
        }
    }

    private mutating func statement(_ line: ConfigLine, number: Int) throws(ConfigLineError) {
        var options = try Options(line.options)
        let words = line.words
        switch words.first {
        case "source":
            guard words.count == 2 else { throw ConfigLineError("expected \"source host\" or \"source demo\"") }
            switch words[1] {
            case "host":
                let mounts = options.take("mounts").map { $0.split(separator: ",").map(String.init) } ?? ["/"]
                let perCPU = try options.take("percpu").map { (text) throws(ConfigLineError) -> Bool in
                    guard let flag = ConfigValue.flag(text) else { throw ConfigLineError("percpu must be yes or no, not \"\(text)\"") }
                    return flag
                } ?? true
                try add(.host(mounts: mounts, perCPU: perCPU), name: "host", keyword: "source host", options: &options, line: number)
            case "demo":
                let speed = try options.take("speed").map { (text) throws(ConfigLineError) -> Double in
                    guard text.utf8.count <= 32, let value = Double(text), value.isFinite, value > 0, value <= 1_000 else {
                        throw ConfigLineError("speed must be a number above 0 and at most 1000, not \"\(AlertmanagerText.shown(text))\"")
                    }
                    return value
                } ?? 1
                try add(.demo(speed: speed), name: "demo", keyword: "source demo", options: &options, line: number)
            default:
                throw ConfigLineError("unknown source \"\(words[1])\"; expected host or demo")
            }
        case "probe":
            guard words.count == 4, ["tcp", "http"].contains(words[1]) else {
                throw ConfigLineError("expected \"probe tcp NAME HOST:PORT\" or \"probe http NAME URL\"")
            }
            if words[1] == "tcp" {
                let (host, port) = try Self.hostPort(words[3])
                try add(.tcp(host: host, port: port), name: words[2], keyword: "probe tcp", options: &options, line: number)
            } else {
                let url = try Self.url(words[3])
                let expect = options.take("expect")
                let statuses = try options.take("status").map(Self.statusRange) ?? 200...399
                try add(.http(url: url, expect: expect, statuses: statuses), name: words[2], keyword: "probe http",
                        options: &options, line: number)
            }
        case "scrape":
            guard words.count == 3 else { throw ConfigLineError("expected \"scrape NAME URL\"") }
            let url = try Self.url(words[2])
            let maxBytes = try options.take("max-bytes").map { (text) throws(ConfigLineError) -> Int in
                guard let bytes = ConfigValue.bytes(text), bytes > 0 else {
                    throw ConfigLineError("max-bytes must be a size like 10MiB, not \"\(text)\"")
                }
                return bytes
            } ?? ExpositionParser.defaultMaxBytes
            let keep = options.take("keep").map { $0.split(separator: ",").map(String.init) } ?? []
            try add(.scrape(url: url, maxBytes: maxBytes, keep: keep), name: words[1], keyword: "scrape",
                    options: &options, line: number)
        case "alertmanager":
            guard words.count == 3 else { throw ConfigLineError("expected \"alertmanager NAME URL\" (the base URL, like http://127.0.0.1:9093)") }
            let url = try Self.url(words[2])
            let maxBytes = try options.take("max-bytes").map { (text) throws(ConfigLineError) -> Int in
                guard let bytes = ConfigValue.bytes(text), bytes > 0 else {
                    throw ConfigLineError("max-bytes must be a size like 10MiB, not \"\(text)\"")
                }
                return bytes
            } ?? AlertmanagerLimits.standard.maxBytes
            try add(.alertmanager(url: url, maxBytes: maxBytes), name: words[1], keyword: "alertmanager", options: &options, line: number)
        case "mailbox":
            guard words.count == 3 else { throw ConfigLineError("expected \"mailbox NAME maildir:PATH\"") }
            let path = try folder(words[2], scheme: "maildir:", read: "a mailbox is read from")
            try add(.mailbox(path: path), name: words[1], keyword: "mailbox", options: &options, line: number)
        case "stripe":
            guard words.count == 3 else { throw ConfigLineError("expected \"stripe NAME spool:PATH\"") }
            let path = try folder(words[2], scheme: "spool:", read: "Stripe events are read from")
            try add(.stripeSpool(path: path), name: words[1], keyword: "stripe", options: &options, line: number)
        case "rules":
            guard words.count == 2 else { throw ConfigLineError("expected \"rules PATH\"") }
            try once("rules", line: number)
            config.rulesPath = resolve(words[1])
        case "retention":
            guard words.count == 1 else { throw ConfigLineError("expected \"retention raw=48h minute=14d hour=400d\"") }
            try once("retention", line: number)
            var policy = RetentionPolicy.standard
            if let raw = try options.duration("raw") { policy.raw = raw }
            if let minute = try options.duration("minute") { policy.minute = minute }
            if let hour = try options.duration("hour") { policy.hour = hour }
            for (name, value) in [("raw", policy.raw), ("minute", policy.minute), ("hour", policy.hour)] where value < 3600 {
                throw ConfigLineError("retention \(name)=\(ConfigValue.format(value)) is under an hour; keep at least 1h")
            }
            config.retention = policy
        case "lease":
            guard words.count == 1 else { throw ConfigLineError("expected \"lease heartbeat=5s\"") }
            try once("lease", line: number)
            if let beat = try options.duration("heartbeat") {
                guard beat >= 0.2, beat <= 300 else { throw ConfigLineError("heartbeat must be between 0.2s and 5m") }
                config.heartbeat = beat
            }
        case "backup":
            guard words.count == 2 else { throw ConfigLineError("expected \"backup DIR keep=7 every=1d\"") }
            try once("backup", line: number)
            var schedule = CollectorConfig.BackupSchedule(directory: resolve(words[1]))
            if let keep = options.take("keep") {
                guard let count = Int(keep), (1...1000).contains(count) else { throw ConfigLineError("keep must be a number of copies from 1 to 1000, not \"\(keep)\"") }
                schedule.keep = count
            }
            if let every = try options.duration("every") {
                guard every >= 60 else { throw ConfigLineError("backup every=\(ConfigValue.format(every)) is under a minute") }
                schedule.interval = every
            }
            config.backup = schedule
        case let other:
            throw ConfigLineError("unknown statement \"\(other ?? "")\"; expected source, probe, scrape, alertmanager, mailbox, stripe, rules, retention, lease or backup")
        }
        try options.finish(words.first ?? "")
    }

    /// Adds a source after reading its interval and timeout and checking its name.
    private mutating func add(_ kind: CollectorConfig.SourceSpec.Kind, name: String, keyword: String,
                              options: inout Options, line: Int) throws(ConfigLineError) {
        let interval = try options.duration("interval") ?? CollectorConfig.SourceSpec.defaultInterval(keyword)
        let timeout = try options.duration("timeout")
        guard interval >= CollectorConfig.minimumInterval, interval <= 86_400 else {
            throw ConfigLineError("interval must be between 100ms and 1d, not \(ConfigValue.format(interval))")
        }
        if let timeout {
            guard timeout > 0 else { throw ConfigLineError("timeout must be positive") }
            guard timeout <= interval else {
                throw ConfigLineError("timeout \(ConfigValue.format(timeout)) is longer than the interval \(ConfigValue.format(interval)); the source would run into its own next turn")
            }
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw ConfigLineError("a source name uses letters, digits, '-', '_' and '.', not \"\(name)\"")
        }
        if let first = names[name] {
            throw ConfigLineError("a source named \"\(name)\" is already defined on line \(first)")
        }
        names[name] = line
        try options.finish(keyword)
        config.sources.append(CollectorConfig.SourceSpec(name: name, kind: kind, interval: interval, timeout: timeout, line: line))
    }

    private mutating func once(_ statement: String, line: Int) throws(ConfigLineError) {
        if let first = singletons[statement] { throw ConfigLineError("\(statement) is already set on line \(first)") }
        singletons[statement] = line
    }

    /// The folder of a `maildir:PATH` or `spool:PATH` word, as a fixed absolute path: relative
    /// to the config file's folder, and a file in the working directory (folder ".") resolved
    /// against the working directory, since a source polls the same folder for its lifetime.
    private func folder(_ word: String, scheme: String, read: String) throws(ConfigLineError) -> String {
        guard word.hasPrefix(scheme), word.count > scheme.count else {
            throw ConfigLineError("\(read) \(scheme)PATH, not \"\(AlertmanagerText.shown(word))\"")
        }
        let path = resolve(String(word.dropFirst(scheme.count)))
        guard !path.hasPrefix("/"), baseDirectory != nil else { return path }
        return ((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    private func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), let baseDirectory else { return path }
        return ((baseDirectory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    static func hostPort(_ text: String) throws(ConfigLineError) -> (String, UInt16) {
        let host: String
        let portText: String
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = String(text[close...].dropFirst(2))
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = String(text[text.index(after: colon)...])
        } else {
            throw ConfigLineError("expected HOST:PORT, not \"\(text)\"")
        }
        guard !host.isEmpty, let port = UInt16(portText), port > 0 else {
            throw ConfigLineError("expected HOST:PORT with a port from 1 to 65535, not \"\(text)\"")
        }
        return (host, port)
    }

    static func url(_ text: String) throws(ConfigLineError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw ConfigLineError("expected an http:// or https:// URL with a host, not \"\(text)\"")
        }
        return url
    }

    static func statusRange(_ text: String) throws(ConfigLineError) -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let bounds = parts.compactMap { Int($0) }
        guard bounds.count == parts.count, (1...2).contains(bounds.count), let low = bounds.first, let high = bounds.last,
              (100...599).contains(low), (100...599).contains(high), low <= high else {
            throw ConfigLineError("status must be a code or a range like 200-399, not \"\(text)\"")
        }
        return low...high
    }
}

/// The `key=value` options of one line, taken one by one; whatever is left is unknown.
private struct Options {
    private var values: [String: String] = [:]
    private var order: [String] = []

    init(_ pairs: [(key: String, value: String)]) throws(ConfigLineError) {
        for (key, value) in pairs {
            guard values[key] == nil else { throw ConfigLineError("option \(key) is given twice") }
            values[key] = value
            order.append(key)
        }
    }

    mutating func take(_ key: String) -> String? {
        values.removeValue(forKey: key)
    }

    mutating func duration(_ key: String) throws(ConfigLineError) -> TimeInterval? {
        guard let text = take(key) else { return nil }
        guard let seconds = ConfigValue.duration(text) else {
            throw ConfigLineError("\(key) must be a duration like 500ms, 10s, 5m or 2h, not \"\(text)\"")
        }
        return seconds
    }

    /// Fails on the first option nobody took.
    func finish(_ statement: String) throws(ConfigLineError) {
        guard let unknown = order.first(where: { values[$0] != nil }) else { return }
        throw ConfigLineError("unknown option \"\(unknown)\" for \(statement)")
    }
}
