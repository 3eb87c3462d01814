import Foundation

/// How the console run by `ConsoleSession` ended, from the wrapper script.
public struct ConsoleExit: Sendable, CustomStringConvertible {
    /// `$?` of the console process (128 + N after signal N).
    public let status: Int32
    /// `stty -a` on the pane's terminal right after the console ended.
    public let stty: String

    /// The flags `stty -a` lists (`icanon`, `-echo`, …).
    public var sttyFlags: Set<String> {
        Set(stty.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" || $0 == "\t" }).map(String.init))
    }

    /// Cooked mode as a shell expects it: canonical input and echo on.
    public var terminalRestored: Bool {
        let flags = sttyFlags
        return flags.contains("icanon") && flags.contains("echo") && !flags.contains("-icanon") && !flags.contains("-echo")
    }

    public var description: String { "EXIT=\(status)\nstty -a:\n\(stty)" }
}
