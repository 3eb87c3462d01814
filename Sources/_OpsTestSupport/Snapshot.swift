import Testing
import TermUI

/// Compares `buffer` with the golden file `<directory>/<named>.txt` and records a test
/// failure when they differ.
///
/// A missing golden, or any run with `RECORD_SNAPSHOTS=1`, writes the file *and* fails,
/// so a new or changed golden is always reviewed before it is accepted. The file format
/// is `ScreenSnapshot.render` (text grid, `--- styles ---`, style grid, legend).
/// Typical `directory`: `ScreenSnapshot.directory(besides: #filePath)`.
public func assertSnapshot(_ buffer: ScreenBuffer, named: String, directory: String, sourceLocation: SourceLocation = #_sourceLocation) {
    switch ScreenSnapshot.check(buffer, named: named, directory: directory) {
    case .matched:
        return
    case .recorded(let path, let reason):
        Issue.record("Recorded snapshot \(path) (\(reason)). Review it, then run again without RECORD_SNAPSHOTS.", sourceLocation: sourceLocation)
    case .mismatch(let path, let diff):
        Issue.record("Snapshot '\(named)' differs from \(path):\n\(diff)\nIf the change is intended, run with RECORD_SNAPSHOTS=1 and review the diff.", sourceLocation: sourceLocation)
    case .failed(let message):
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}
