import Foundation

/// A source that can succeed with trouble: a scrape that skipped malformed lines, a host
/// source with one stuck mount. The collector stores these sentences as the source's last
/// error while it stays up, so the dashboard says "up, but…" instead of hiding the trouble
/// or marking the whole source down.
public protocol ProblemReporting {
    /// What went wrong in the last collection without failing it; empty when it was clean.
    var lastProblems: [String] { get }
}

extension HostSource: ProblemReporting {}
