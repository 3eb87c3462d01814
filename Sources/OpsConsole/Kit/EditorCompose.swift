import Foundation
import OpsCore
import TermUI

/// Writing a longer text in the user's editor, as `git commit` does: a private temporary
/// file (mode 0600) holds a template whose `#` lines give instructions and context; the
/// editor runs in the foreground, and when it exits the comment lines are stripped. An
/// empty result means the writer changed their mind: nothing is sent.
enum EditorCompose {
    /// The outcome handed back to the pane once the screen is restored.
    enum Outcome: Equatable {
        case text(String)
        case cancelled
        /// The editor could not be run or the file could not be read back (a sentence).
        case failed(String)
    }

    // MARK: - Template

    /// `lines` as comment lines ("# line", "#" for a blank one). Untrusted text goes
    /// through the sanitiser, so an escape sequence cannot reach the editor's terminal.
    static func comments(_ lines: [String]) -> String {
        lines.map { $0.isEmpty ? "#" : "# " + Sanitizer.sanitize($0) }.joined(separator: "\n")
    }

    /// `body` quoted line by line ("> "), for a comment block.
    static func quoted(_ body: String) -> [String] {
        body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { "> " + $0 }
    }

    /// The text without its comment lines (those starting with "#"), trailing blanks on
    /// each line, and leading or trailing blank lines. "" when nothing is left.
    static func strip(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("#") }
            .map { String($0.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) }
        let first = lines.firstIndex { !$0.isEmpty } ?? lines.endIndex
        let last = lines.lastIndex { !$0.isEmpty } ?? -1
        return first <= last ? lines[first...last].joined(separator: "\n") : ""
    }

    // MARK: - Running the editor

    /// Writes `template` to a fresh private file, asks the shell to run `editor` on it
    /// and calls `done` with the stripped text once the screen is back. The file is
    /// removed afterwards whatever happened.
    @MainActor static func edit(_ template: String, name: String, editor: String, env: ConsoleEnvironment,
                                done: @escaping @MainActor (Outcome) -> Void) {
        let path: String
        do {
            path = try writePrivate(template, name: name)
        } catch {
            return done(.failed("Cannot write the draft file: \(error.localizedDescription)."))
        }
        let program = ForegroundProgram.editor(editor, file: path, environment: env.editorEnvironment)
        env.runInForeground(program) { status in
            defer { unlink(path) }
            guard status == 0 else {
                return done(.failed("The editor (\(Printable.excerpt(editor))) exited with status \(status); nothing was sent."))
            }
            guard let data = FileManager.default.contents(atPath: path), let written = String(data: data, encoding: .utf8) else {
                return done(.failed("The draft could not be read back as UTF-8 text; nothing was sent."))
            }
            let text = strip(written)
            done(text.isEmpty ? .cancelled : .text(text))
        }
    }

    /// Creates `pmops-NAME-XXXXXX.txt` in the temporary directory with mode 0600
    /// (O_EXCL: never an existing file, never readable by others).
    static func writePrivate(_ text: String, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.path
        var template = Array("\(directory)/pmops-\(name)-XXXXXX.txt".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in buffer.baseAddress.map { mkstemps($0, 4) } ?? -1 }
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission) }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            unlink(path)
            throw CocoaError(.fileWriteUnknown)
        }
        return path
    }
}
