import Foundation
import OpsCore
import OpsStore
import TermUI

extension AlertsPane {
    /// Who each escalation level paged and when (the person the schedule had on call at
    /// that moment, as the paging code recorded it), who that schedule has on call now when
    /// it changed since, and the levels that found nobody.
    func pagingLines(_ d: AlertDetail) -> [DetailLine] {
        let skipped = d.history.filter { $0.kind == "page_skipped" }
        guard !d.pages.isEmpty || !skipped.isEmpty else { return [] }
        var lines: [DetailLine] = [.blank, .title("Paged per level")]
        for page in d.pages {
            var text = page.login
            if let schedule = page.schedule { text += " (on call in \(schedule))" }
            text += " at \(env.shortDate(page.at))" + (page.night ? ", at night" : "")
            if page.schedule != nil, page.onCallNow != page.login {
                text += "; on call now: \(page.onCallNow ?? "nobody")"
            }
            lines.append(DetailLine(label: "Level \(page.level)", value: text))
        }
        for event in skipped {
            lines.append(DetailLine(label: env.shortDate(event.at).dropFirst(5).description,
                                    value: "skipped " + (event.note ?? ""), style: .severityWarning))
        }
        return lines
    }
}
