import Dispatch
import Foundation
import Logging
import OpsCollector
import OpsCore
import OpsStore

/// The collector config's `backup DIR keep=N every=1d`: rotated store backups taken at
/// start and then every interval, on a queue of their own (a backup reads one snapshot and
/// never blocks the collector's writes). A failure is logged and retried at the next turn.
/// `@unchecked`: its only state is a Dispatch timer, which is safe to cancel from any thread.
final class CollectBackups: @unchecked Sendable {
    private let timer: any DispatchSourceTimer

    /// Refuses (exit 4) at start when the collector's account lacks db.admin, rather than
    /// failing every day in a log nobody reads.
    init(schedule: CollectorConfig.BackupSchedule, store: AppDatabase, actor: ActorContext, logger: Logger) throws(OpsError) {
        try store.authorize(.dbAdmin, actor)
        let queue = DispatchQueue(label: "pmops.collect.backup", qos: .utility)
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now(), repeating: .milliseconds(Int(schedule.interval * 1000)), leeway: .seconds(1))
        timer.setEventHandler {
            do throws(OpsError) {
                let report = try store.backupRotated(into: schedule.directory, keep: schedule.keep, as: actor)
                let removed = report.removed.isEmpty ? "" : "; removed \(report.removed.count) old"
                logger.info("backup \(report.path): \(report.sizeBytes) bytes in \(String(format: "%.2f", report.seconds)) s, verified\(removed)")
            } catch {
                logger.warning("backup into \(schedule.directory) failed: \(error.description)")
            }
        }
    }

    func start() { timer.activate() }
    func stop() { timer.cancel() }
}
