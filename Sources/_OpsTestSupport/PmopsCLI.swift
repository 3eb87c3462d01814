import Foundation

/// Drives the built `pmops` binary as a real child process against a store of its own.
///
/// The binary is `$PMOPS_BIN`, else `pmops` beside the running test bundle (`swift test`
/// builds executables too). Children get `SWIFT_BACKTRACE=interactive=no`, a private
/// `XDG_DATA_HOME`/`HOME`, and no inherited `PMOPS_DB`/`PMOPS_MAIL`.
public final class PmopsCLI: Sendable {
    public let dir: TemporaryDirectory
    /// The store every `run` passes as `--db` unless told otherwise.
    public let dbPath: String
    public let binary: String

    /// A fresh temp dir; with `initialize`, `pmops init` has made the OS user super_admin.
    public init(initialize: Bool = true) throws {
        binary = try PmopsCLI.locateBinary()
        dir = try TemporaryDirectory("pmops-e2e")
        dbPath = dir.file("store.sqlite")
        if initialize {
            let result = try run(["init", "--name", "Test Operator"])
            guard result.status == 0 else { throw TestSupportError("pmops init failed: \(result)") }
        }
    }

    /// The OS login running the tests (and therefore pmops).
    public static var osLogin: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid\(geteuid())"
    }

    public static var runningAsRoot: Bool { geteuid() == 0 }

    public static func locateBinary() throws -> String {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["PMOPS_BIN"], !env.isEmpty {
            guard fm.isExecutableFile(atPath: env) else { throw TestSupportError("PMOPS_BIN=\(env) is not an executable file.") }
            return env
        }
        let exe = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let candidate = (exe as NSString).deletingLastPathComponent + "/pmops"
        guard fm.isExecutableFile(atPath: candidate) else {
            throw TestSupportError("No pmops binary at \(candidate); build it (swift build) or set PMOPS_BIN.")
        }
        return candidate
    }

    /// The environment children run with.
    public func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PMOPS_DB"] = nil
        env["PMOPS_MAIL"] = nil
        env["SWIFT_BACKTRACE"] = "interactive=no"
        env["XDG_DATA_HOME"] = dir.file("xdg")
        env["HOME"] = dir.path
        env["TERM"] = "dumb"
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Which `--db` a run gets.
    public enum DB: Sendable {
        /// This harness's store.
        case store
        /// No `--db` at all.
        case omitted
        case path(String)
    }

    /// `pmops ARGS --db STORE`.
    public func run(_ arguments: [String], db: DB = .store, stdin: Data? = nil,
                    env: [String: String] = [:], timeout: TimeInterval = 60) throws -> ProcessResult {
        try ChildProcess.run(binary, withDB(arguments, db), environment: environment(env), stdin: stdin,
                             directory: dir.path, timeout: timeout)
    }

    /// Starts `pmops ARGS --db STORE` without waiting (for races).
    public func start(_ arguments: [String], db: DB = .store, env: [String: String] = [:]) throws -> RunningProcess {
        try ChildProcess.start(binary, withDB(arguments, db), environment: environment(env), directory: dir.path)
    }

    /// Runs pmops as another OS user through `setpriv` (root only), e.g. to see file
    /// permissions apply, which they do not for root.
    public func runAs(uid: UInt32, gid: UInt32, _ arguments: [String], timeout: TimeInterval = 60) throws -> ProcessResult {
        try ChildProcess.run("/usr/bin/setpriv", ["--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", binary] + withDB(arguments, .store),
                             environment: environment(), directory: "/", timeout: timeout)
    }

    /// Runs pmops and decodes its stdout as JSON; fails unless it exits 0.
    public func json(_ arguments: [String], db: DB = .store) throws -> Any {
        let result = try run(arguments, db: db)
        guard result.status == 0 else { throw TestSupportError("pmops \(arguments.joined(separator: " ")) failed: \(result)") }
        do {
            return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: [.fragmentsAllowed])
        } catch {
            throw TestSupportError("pmops printed invalid JSON: \(result.stdout)")
        }
    }

    private func withDB(_ arguments: [String], _ db: DB) -> [String] {
        switch db {
        case .store: arguments + ["--db", dbPath]
        case .omitted: arguments
        case let .path(path): arguments + ["--db", path]
        }
    }
}

/// The real `sqlite3` command-line tool, used to tamper with stores from outside pmops.
public enum SQLite3 {
    public static let path = "/usr/bin/sqlite3"

    /// Fails with a clear message when the tool is missing (CI installs it).
    public static func require() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSupportError("The sqlite3 command-line tool is missing at \(path); install it (apt-get install sqlite3). These tests tamper with stores from outside pmops.")
        }
        return path
    }

    /// Runs `sql` against `database`; throws with sqlite3's stderr on failure.
    @discardableResult
    public static func exec(_ database: String, _ sql: String) throws -> String {
        let result = try ChildProcess.run(try require(), ["-batch", "-bail", database], stdin: Data(sql.utf8), timeout: 30)
        guard result.status == 0 else { throw TestSupportError("sqlite3 failed on \(database): \(result)") }
        return result.stdout
    }
}
