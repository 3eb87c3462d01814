import Foundation
import OpsCore
import OpsStore
import TermUI

/// One timeline entry read whole (Enter on the timeline): when, what kind, who, whether it
/// is pinned or corrects another, then every line of its text, wrapped and scrollable. The
/// timeline row shows the first line only. Text goes through `Sanitizer` (DetailView), so a
/// hostile note shows its escape codes as text; the store keeps it exact.
extension IncidentsPane {
    func openEntry() {
        guard let row = timeline.selectedRow else {
            env.status.show("No entry under the cursor.", .info)
            return
        }
        entry = row
        entryView.reset()
        view = .entry
    }

    func entryLines(_ e: IncidentEntry) -> [DetailLine] {
        var lines = [DetailLine(label: "At", value: Timestamp.format(e.at)),
                     DetailLine(label: "Kind", value: e.kind.rawValue + (e.kind.isAutomatic ? " (written by pmops)" : ""), style: Self.kindStyle(e.kind)),
                     DetailLine(label: "By", value: e.author)]
        if e.pinned { lines.append(DetailLine(label: "Pinned", value: "★ a key moment (in the postmortem's timeline excerpt)", style: .highlight)) }
        if let other = e.refersTo { lines.append(DetailLine(label: e.kind == .pin ? "Pins" : "Corrects", value: "entry \(other)")) }
        lines += [.blank, .title("Text")]
        lines += e.body.split(separator: "\n", omittingEmptySubsequences: false).map { DetailLine(label: "", value: $0.isEmpty ? " " : String($0)) }
        return lines
    }

    func renderEntry(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        guard let number, let e = entry else { return }
        let lineCount = e.body.split(separator: "\n", omittingEmptySubsequences: false).count
        let inner = Box(title: "\(number) entry \(e.id): \(e.kind), \(lineCount) line\(lineCount == 1 ? "" : "s")", trailingTitle: "Esc timeline",
                        focused: !modalIsOpen).render(into: &buffer, area: area, theme: env.theme, capabilities: capabilities)
        guard inner.height > 0 else { return }
        entryView.render(entryLines(e), in: inner, theme: env.theme, into: &buffer)
    }
}
