import ArgumentParser
import Foundation
import OpsCore

/// Output helpers shared by every subcommand.
enum CLI {
    static func printError(_ message: String) {
        let lines = message.split(separator: "\n").map { "pmops: " + Printable.quote(String($0)) + "\n" }
        writeStderr(lines.joined())
    }

    /// Writes all of `bytes` to a descriptor; a failure (disk full, closed pipe) is one
    /// sentence, not a crash.
    static func write(_ bytes: [UInt8], to fd: Int32, what: String) throws(OpsError) {
        let failure: OpsError? = bytes.withUnsafeBytes { raw in
            do throws(OpsError) {
                try write(raw, to: fd, what: what)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// `write(_:to:what:)` over raw memory (megabytes of JSON are not copied first).
    static func write(_ buffer: UnsafeRawBufferPointer, to fd: Int32, what: String) throws(OpsError) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, base + offset, buffer.count - offset)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw .failure("Cannot write \(what): \(String(cString: strerror(errno))).") }
            offset += n
        }
    }

    /// Flushes what `print` has buffered; a failure (`> /dev/full`) is one sentence.
    static func flushStandardOutput() throws(OpsError) {
        guard fflush(nil) == 0 else { throw .failure("Cannot write standard output: \(String(cString: strerror(errno))).") }
    }

    /// Writes to stderr with write(2), ignoring failures: after an SSH drop the terminal
    /// is gone, and Foundation's `FileHandle.write` would trap on the EIO.
    static func writeStderr(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Prints `value` as stable, sorted, pretty JSON.
    static func printJSON(_ value: some Encodable) throws {
        if let writable = value as? any PrettyJSONWritable {
            var writer = PrettyJSONWriter(capacity: writable.estimatedJSONBytes + 1)
            writable.writePrettyJSON(to: &writer, level: 0)
            writer.newline()
            return try writer.withBytes { raw throws(OpsError) in try writeStandardOutput(raw) }
        }
        var bytes = Array(try encoderJSON(value))
        bytes.append(0x0A)
        try flushStandardOutput()
        try write(bytes, to: STDOUT_FILENO, what: "standard output")
    }

    /// The bytes `printJSON` prints, without the final newline (for checks and benchmarks).
    static func jsonBytes(_ value: some Encodable) throws -> [UInt8] {
        if let writable = value as? any PrettyJSONWritable {
            var writer = PrettyJSONWriter(capacity: writable.estimatedJSONBytes)
            writable.writePrettyJSON(to: &writer, level: 0)
            return writer.bytes
        }
        return Array(try encoderJSON(value))
    }

    /// Writes bytes to standard output after whatever `print` has buffered, without
    /// first validating megabytes of JSON into a `String`. A failed write (`> /dev/full`,
    /// a full disk) throws one sentence, so the command exits 1 instead of claiming success.
    static func writeStandardOutput(_ buffer: UnsafeRawBufferPointer) throws(OpsError) {
        try flushStandardOutput()
        try write(buffer, to: STDOUT_FILENO, what: "standard output")
    }

    /// `JSONEncoder`'s output for `value`: the reference the fast writer must match.
    static func encoderJSON(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// Makes untrusted text safe for a terminal (no escapes, no bidi overrides).
    static func safe(_ text: String?) -> String {
        Printable.quote(text ?? "")
    }

    /// Prints rows as aligned columns (display width aware enough for CLI use). A failed
    /// write is one sentence on stderr and exit 1: a table lost to a full disk must not
    /// look like success to the script that asked for it.
    static func printTable(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows.map { $0.map(safe) }
        var widths = Array(repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], displayWidth(cell)) } }
        var text = ""
        for row in all {
            for (i, cell) in row.enumerated() {
                text += cell
                if i < row.count - 1 { text += String(repeating: " ", count: widths[i] - displayWidth(cell) + 2) }
            }
            text += "\n"
        }
        do throws(OpsError) {
            try flushStandardOutput()
            try write(Array(text.utf8), to: STDOUT_FILENO, what: "standard output")
        } catch {
            printError(error.description)
            exit(error.exitCode)
        }
    }

    /// Rough terminal width: wide East Asian characters count 2.
    static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: return width
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD: return width + 2
            default: return width + 1
            }
        }
    }

    /// Runs checks from `validate()`. ArgumentParser reports any error thrown there other
    /// than `ValidationError` or `ExitCode` as a failure (exit 1), so an `OpsError` is
    /// printed here as `run()` would print it (`pmops: Invalid …`) and exits with its code.
    static func validating(_ body: () throws(OpsError) -> Void) throws {
        do {
            try body()
        } catch {
            printError(error.description)
            throw ExitCode(error.exitCode)
        }
    }

    /// Parses "7d"/"1h" (ago) or a timestamp, within `InputLimits`.
    static func since(_ text: String, field: String, now: Date = Date()) throws(OpsError) -> Date {
        try InputLimits.ago(text, field: field, now: now)
    }
}
