import Foundation
import OpsCore
import OpsStore
import TermUI

/// Alerts on their way: rule alerts inside their `for` are shown above the queue, dimmed,
/// with the time left before they fire. They are not queue rows (nobody was paged and no
/// action applies yet); the dashboard reads the same rows (`openAlertStates`).
extension AlertsPane {
    /// At most this many pending lines above the queue; the last says how many more.
    static let pendingLineLimit = 3

    /// Rows the pending strip takes above the table (0 without pending alerts or when grouped).
    var pendingLines: Int { grouped || pending.isEmpty ? 0 : min(pending.count, Self.pendingLineLimit) }

    func reloadPending() {
        pending = (try? env.store.pendingAlerts(limit: 100, as: env.actor)) ?? []
    }

    /// The queue table's area: the pane's area below the pending strip.
    func queueArea(_ area: Rect) -> Rect {
        let k = min(pendingLines, max(0, area.height - 3))
        return Rect(x: area.x, y: area.y + k, width: area.width, height: area.height - k)
    }

    /// "   crit  pending  fires in 1m20s  mta  Outbound queue 12,400 (> 10000)", dimmed.
    func renderPending(into buffer: inout ScreenBuffer, area: Rect, now: Date) {
        let lines = min(pendingLines, max(0, area.height - 3))
        guard lines > 0 else { return }
        let theme = env.theme
        for i in 0..<lines {
            let y = area.y + 1 + i
            if i == lines - 1, pending.count > lines {
                buffer.put("   … \(pending.count - i) more pending (rules list shows them all)", x: area.x, y: y, style: theme[.textDim], maxWidth: area.width)
                continue
            }
            let a = pending[i]
            let text = "   \(Self.severityText(a.severity))  pending  \(a.firesText(now: now))  \(a.service.isEmpty ? "—" : a.service)  \(a.summary)"
            buffer.put(text, x: area.x, y: y, style: theme[.textDim], maxWidth: area.width)
        }
    }
}
