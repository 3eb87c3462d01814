import Foundation

/// DORA figures for one service over a window, from its deployments (definitions in
/// `explanation`, printed by `deploys stats --explain`).
public struct DeployStats: Sendable, Equatable, Codable {
    public var service: String
    public var deployments: Int
    /// Finished deployments: everything but in-progress and gating.
    public var finished: Int
    public var healthy: Int
    public var rolledBack: Int
    public var failures: Int
    public var successRate: Double?
    public var rollbackRate: Double?
    public var changeFailureRate: Double?
    /// Median seconds from failure to restore, over failures that were restored.
    public var timeToRestore: TimeInterval?
    /// Median seconds from commit to finish, over deployments whose pipeline reported a commit time.
    public var leadTime: TimeInterval?

    public static let explanation = """
        deployments          deployments started in the window
        success rate         healthy ÷ finished (finished: healthy, degraded, failed or rolled back; gating and in-progress ones are not counted)
        rollback rate        rolled back (whole) ÷ finished
        change failure rate  finished deployments that degraded, failed or were rolled back ÷ finished
        time to restore      median of restored − first failure, over failed deployments that were restored (rolled back)
        lead time            median of finish − commit time, over finished deployments whose pipeline gave --commit-at
        """

    /// One row per service (sorted), from deployments already limited to the window.
    public static func compute(_ deployments: [Deployment]) -> [DeployStats] {
        Dictionary(grouping: deployments, by: \.service).map { service, rows in
            let finished = rows.filter { $0.status != .inProgress && $0.status != .gating }
            let healthy = finished.filter { $0.status == .healthy }.count
            let rolledBack = finished.filter { $0.status == .rolledBack }.count
            let failures = finished.filter { $0.status.isFailure || $0.failedAt != nil }.count
            func rate(_ n: Int) -> Double? { finished.isEmpty ? nil : Double(n) / Double(finished.count) }
            let restores = rows.compactMap { d -> TimeInterval? in
                guard let failed = d.failedAt, let restored = d.restoredAt, restored >= failed else { return nil }
                return restored.timeIntervalSince(failed)
            }
            let leads = finished.compactMap { d -> TimeInterval? in
                guard let commit = d.commitAt, let done = d.finishedAt, done >= commit else { return nil }
                return done.timeIntervalSince(commit)
            }
            return DeployStats(service: service, deployments: rows.count, finished: finished.count, healthy: healthy, rolledBack: rolledBack,
                               failures: failures, successRate: rate(healthy), rollbackRate: rate(rolledBack),
                               changeFailureRate: rate(failures), timeToRestore: median(restores), leadTime: median(leads))
        }.sorted { $0.service < $1.service }
    }

    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
