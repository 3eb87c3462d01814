import Foundation
import OpsCore

/// Runs a rollback command from the operator's deploy config: the words as given (no
/// shell, no PATH lookup), stdin from /dev/null, stdout and stderr captured together, killed
/// at its timeout. Blocks the caller until the command ends or is killed.
public enum RollbackCommandRunner {
    public static func run(_ arguments: [String], timeout: TimeInterval) -> RollbackRun {
        guard let program = arguments.first, program.hasPrefix("/") else {
            return RollbackRun(arguments: arguments, exitStatus: nil, output: "", problem: "no rollback command is configured")
        }
        guard FileManager.default.isExecutableFile(atPath: program) else {
            return RollbackRun(arguments: arguments, exitStatus: nil, output: "",
                               problem: "\(Printable.quote(program)) does not exist or is not executable")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(arguments.dropFirst())
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        let collected = OutputBox()
        let reading = DispatchGroup()
        do {
            try process.run()
        } catch {
            return RollbackRun(arguments: arguments, exitStatus: nil, output: "", problem: "cannot run \(Printable.quote(program)): \(error.localizedDescription)")
        }
        // The write end belongs to the child now: close ours so the read ends at its exit.
        try? output.fileHandleForWriting.close()
        let handle = output.fileHandleForReading
        DispatchQueue.global().async(group: reading) { collected.set(Self.readCapped(handle)) }
        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if exited.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
        }
        // A grandchild may keep the pipe open; do not wait for it past a second.
        _ = reading.wait(timeout: .now() + 1)
        let text = RollbackRun.excerpt(collected.value)
        if timedOut {
            return RollbackRun(arguments: arguments, exitStatus: nil, output: text,
                               problem: "\(Printable.quote(program)) was still running after \(InputLimits.describe(timeout)) and was killed")
        }
        if process.terminationReason == .uncaughtSignal {
            return RollbackRun(arguments: arguments, exitStatus: nil, output: text,
                               problem: "\(Printable.quote(program)) was killed by signal \(process.terminationStatus)")
        }
        let status = process.terminationStatus
        return RollbackRun(arguments: arguments, exitStatus: status, output: text,
                           problem: status == 0 ? nil : "\(Printable.quote(program)) exited with status \(status)")
    }

    /// At most 64 KB of output is kept; the rest is read and dropped so the child never blocks.
    static func readCapped(_ handle: FileHandle) -> Data {
        var kept = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            if kept.count < 65_536 { kept.append(chunk.prefix(65_536 - kept.count)) }
        }
        return kept
    }
}

private final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    var value: Data { lock.withLock { data } }
}
