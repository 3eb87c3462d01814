import Foundation
import Testing
@testable import TermUI

@Suite struct ScreenSnapshotTests {
    func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("termui-snapshots-\(UUID().uuidString)").path
    }

    func sample(_ text: String) -> ScreenBuffer {
        var buffer = canvas(6, 2)
        buffer.put(text, x: 0, y: 0, style: Style(foreground: .ansi(1), attributes: .bold))
        return buffer
    }

    @Test func formatHasTextStylesAndLegend() {
        let expected = ["漢ab  ", "      ", "--- styles ---", "aaaa  ", "      ", "--- legend ---", "a = bold red", ""]
        #expect(ScreenSnapshot.render(sample("漢ab")) == expected.joined(separator: "\n"))
    }

    @Test func missingGoldenIsRecordedNotAccepted() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = ScreenSnapshot.check(sample("one"), named: "s", directory: directory, record: false)
        #expect(first == .recorded(path: directory + "/s.txt", reason: "no golden file yet"))
        #expect(ScreenSnapshot.check(sample("one"), named: "s", directory: directory, record: false) == .matched)
        guard case .mismatch(_, let diff) = ScreenSnapshot.check(sample("two"), named: "s", directory: directory, record: false) else {
            Issue.record("expected a mismatch")
            return
        }
        #expect(diff == "line 1:\n- |one   |\n+ |two   |")
        let rerecorded = ScreenSnapshot.check(sample("two"), named: "s", directory: directory, record: true)
        #expect(rerecorded == .recorded(path: directory + "/s.txt", reason: "RECORD_SNAPSHOTS=1"))
        #expect(ScreenSnapshot.check(sample("two"), named: "s", directory: directory, record: false) == .matched)
    }

    @Test func lineDiffReportsCountsAndLimits() {
        let diff = ScreenSnapshot.lineDiff(expected: "a\nb\nc", actual: "a\nB\nC\nD", limit: 2)
        #expect(diff == "line 2:\n- |b|\n+ |B|\nline 3:\n- |c|\n+ |C|\n… and 1 more differing lines\nexpected 3 lines, got 4")
    }

    @Test func unwritableDirectoryFails() {
        guard case .failed = ScreenSnapshot.check(sample("x"), named: "s", directory: "/proc/nope", record: true) else {
            Issue.record("expected a failure")
            return
        }
    }
}
