import Foundation
import OpsCore
import OpsStore
import TermUI

/// The handoff report of the shift under the timeline's cursor (Enter): the report the
/// collector's handoff sweep kept when that shift ended, read from the store when the key
/// is pressed and drawn scrollable over the pane. Its text comes from alert summaries and
/// silence comments (untrusted): the store keeps it exact, the screen sanitises it.
struct HandoffPanel: Equatable {
    var schedule: String
    var zoneIdentifier: String
    /// Who held the shift (nil: a gap) and the stretch as the schedule computes it now.
    var login: String?
    var from: Date
    var to: Date
    /// Nil: no report for this shift.
    var report: HandoffReport?
    /// Why there is no report.
    var missing: String?
    var detail = DetailView()

    static func == (a: HandoffPanel, b: HandoffPanel) -> Bool {
        a.schedule == b.schedule && a.login == b.login && a.from == b.from && a.to == b.to && a.report == b.report && a.missing == b.missing
            && a.detail.scroll == b.detail.scroll
    }
}

extension SchedulesPane {
    /// Reads the report of the final schedule's shift under the cursor.
    func openHandoffReport() {
        guard let row = shownRow, let zone, let segment = cursorSegment, let slot = cursorSlot else { return }
        let now = env.clock.now()
        // A point of the shift under the cursor: the slot's middle, kept inside the stretch.
        let middle = slot.start.addingTimeInterval(slot.end.timeIntervalSince(slot.start) / 2)
        let instant = min(max(middle, segment.from), segment.to.addingTimeInterval(-1))
        var panel = HandoffPanel(schedule: row.stored.schedule.name, zoneIdentifier: zone.identifier, login: segment.login,
                                 from: segment.from, to: segment.to)
        guard let found = env.attempt({ () throws(OpsError) in
            try env.store.onCallHandoff(schedule: panel.schedule, at: instant, login: segment.login, stretchEnd: segment.to, as: env.actor)
        }) else { return }
        panel.report = found
        if found == nil {
            panel.missing = segment.to > now
                ? "No report for this shift yet: it ends \(ScheduleTime.dayTime(segment.to, zone: zone)) \(zone.abbreviation(at: Int64(segment.to.timeIntervalSince1970))), and its report is written then."
                : "No report for this shift: none was kept when it ended (the collector's handoff sweep was not running then, or the shift ended before the schedule was loaded)."
        }
        handoff = panel
    }

    func performHandoff(_ command: CommandID) -> Bool {
        switch command {
        case .back:
            handoff = nil
        case .moveUp, .moveDown, .pageUp, .pageDown, .first:
            _ = handoff?.detail.move(command)
        default:
            return false
        }
        return true
    }

    func handoffLines(_ p: HandoffPanel, zone: ZoneClock) -> [DetailLine] {
        func when(_ date: Date) -> String {
            ScheduleTime.dayTime(date, zone: zone) + " " + zone.abbreviation(at: Int64(date.timeIntervalSince1970.rounded(.down)))
        }
        var lines = [DetailLine(label: "Schedule", value: "\(p.schedule) (\(p.zoneIdentifier))"),
                     DetailLine(label: "On call", value: p.login ?? "nobody (a gap)", style: p.login == nil ? .severityWarning : .text),
                     DetailLine(label: "Shift", value: "\(when(p.from)) → \(when(p.to))")]
        guard let r = p.report else {
            return lines + [.blank, DetailLine(label: "", value: p.missing ?? "No report for this shift.", style: .textDim)]
        }
        lines += [DetailLine(label: "Report", value: "#\(r.id): \(r.outgoing ?? "nobody") → \(r.incoming ?? "nobody") at \(when(r.handoffAt))"),
                  DetailLine(label: "Its shift", value: "\(when(r.shiftStart)) → \(when(r.handoffAt))"), .blank]
        lines += r.body.split(separator: "\n", omittingEmptySubsequences: false).map { DetailLine(label: "", value: String($0)) }
        return lines
    }

    func renderHandoff(_ p: HandoffPanel, into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let inner = Box(title: "Handoff report · \(p.schedule)", trailingTitle: "Esc back", focused: true)
            .render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
        guard inner.height >= 2, let zone = ZoneClock.shared(p.zoneIdentifier) else { return }
        p.detail.render(handoffLines(p, zone: zone), in: Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1),
                        theme: theme, into: &buffer)
        buffer.put("↑/↓ scroll  PgUp/PgDn page  g top  Esc back to the timeline", x: inner.x + 1, y: inner.maxY - 1,
                   style: theme[.textDim], maxWidth: inner.width - 2)
    }
}
