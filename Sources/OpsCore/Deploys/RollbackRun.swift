import Foundation

/// What running a rollback command did, as recorded in its change event and audit row.
public struct RollbackRun: Sendable, Equatable {
    /// The words run (after placeholders); empty when there was no command.
    public var arguments: [String]
    /// The exit status; nil when it did not run, was killed at its timeout or by a signal.
    public var exitStatus: Int32?
    /// The first lines of its output (stdout then stderr), sanitised for a terminal.
    public var output: String
    /// Why it did not succeed, one sentence; nil when it exited 0.
    public var problem: String?

    public init(arguments: [String], exitStatus: Int32?, output: String, problem: String?) {
        self.arguments = arguments
        self.exitStatus = exitStatus
        self.output = output
        self.problem = problem
    }

    public var succeeded: Bool { problem == nil }

    public static let maxOutputLines = 5
    public static let maxOutputBytes = 1_000

    /// The first `maxOutputLines` non-empty lines, each sanitised, at most `maxOutputBytes`.
    public static func excerpt(_ data: Data) -> String {
        let text = String(decoding: data.prefix(64 * 1024), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { Printable.quote($0.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.isEmpty }.prefix(maxOutputLines)
        var joined = lines.joined(separator: " | ")
        if joined.utf8.count > maxOutputBytes { joined = String(decoding: joined.utf8.prefix(maxOutputBytes), as: UTF8.self) + "…" }
        return joined
    }

    /// One line for a note or an alert.
    public var summary: String {
        let command = arguments.first.map { Printable.excerpt($0) } ?? "(none)"
        let status = exitStatus.map { "exit \($0)" } ?? "no exit status"
        var text = problem.map { "rollback failed: \($0)" } ?? "rollback by \(command) succeeded (\(status))"
        if !output.isEmpty { text += "; output: \(output)" }
        return text
    }
}
