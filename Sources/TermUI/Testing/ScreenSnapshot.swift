#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Golden-screen files: the text grid, then `--- styles ---` and the style grid, then
/// `--- legend ---` with each letter's style spelled out in theme syntax.
///
/// Lives in TermUI (not only in the test-support target) so `pmops debug render` prints
/// exactly what a golden holds, and so every test target that draws screens shares one
/// format. The `assertSnapshot` wrappers only turn an `Outcome` into a test failure.
public enum ScreenSnapshot {
    /// What comparing a buffer with its golden file found.
    public enum Outcome: Hashable, Sendable {
        case matched
        /// The file was (re)written: never a pass, so a golden is never accepted silently.
        case recorded(path: String, reason: String)
        case mismatch(path: String, diff: String)
        /// The file could not be read or written.
        case failed(String)
    }

    /// The golden text for `buffer`, ending in a newline.
    public static func render(_ buffer: ScreenBuffer) -> String {
        var legend: [Style: Character] = [:]
        let styles = buffer.styleGrid(legend: &legend)
        let entries = legend.sorted { $0.value < $1.value }.map { "\($0.value) = \($0.key)" }
        return [
            buffer.textGrid(), "--- styles ---", styles, "--- legend ---",
        ].joined(separator: "\n") + "\n" + entries.map { $0 + "\n" }.joined()
    }

    /// Compares `buffer` with `<directory>/<name>.txt`. Writes the file when it is
    /// missing or `record` is true (by default: `RECORD_SNAPSHOTS=1` in the environment).
    public static func check(_ buffer: ScreenBuffer, named name: String, directory: String, record: Bool = recordingRequested) -> Outcome {
        let path = directory.hasSuffix("/") ? directory + name + ".txt" : directory + "/" + name + ".txt"
        let actual = render(buffer)
        let fileManager = FileManager.default
        let exists = fileManager.fileExists(atPath: path)
        if record || !exists {
            do {
                try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                return .failed("cannot write snapshot \(path): \(error)")
            }
            return .recorded(path: path, reason: exists ? "RECORD_SNAPSHOTS=1" : "no golden file yet")
        }
        guard let data = fileManager.contents(atPath: path) else { return .failed("cannot read snapshot \(path)") }
        let expected = String(decoding: data, as: UTF8.self)
        return expected == actual ? .matched : .mismatch(path: path, diff: lineDiff(expected: expected, actual: actual))
    }

    /// Whether the environment asks to rewrite goldens.
    public static var recordingRequested: Bool {
        ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    }

    /// The `Snapshots` folder next to a test file: pass `#filePath`. Symlinks are
    /// resolved so goldens land in the real source tree.
    public static func directory(besides filePath: String, subdirectory: String = "Snapshots") -> String {
        URL(fileURLWithPath: filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent(subdirectory).path
    }

    /// A line-by-line report of the differing lines (at most `limit`), numbered from 1,
    /// with the expected line after "-" and the actual one after "+".
    public static func lineDiff(expected: String, actual: String, limit: Int = 20) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var report: [String] = []
        var shown = 0
        var differing = 0
        for index in 0..<max(old.count, new.count) {
            let before = index < old.count ? String(old[index]) : nil
            let after = index < new.count ? String(new[index]) : nil
            guard before != after else { continue }
            differing += 1
            guard shown < limit else { continue }
            shown += 1
            report.append("line \(index + 1):")
            report.append("- " + (before.map { "|\($0)|" } ?? "(missing)"))
            report.append("+ " + (after.map { "|\($0)|" } ?? "(missing)"))
        }
        if differing > shown { report.append("… and \(differing - shown) more differing lines") }
        if old.count != new.count { report.append("expected \(old.count) lines, got \(new.count)") }
        return report.joined(separator: "\n")
    }
}
