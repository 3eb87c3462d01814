import Foundation
import OpsCore
import OpsStore
import TermUI

/// The timeline: a filter bar, then open change sets (pinned) and change events newest
/// first. What a pipeline or a person typed (versions, links, rationales) goes through
/// `Sanitizer` on screen and stays exact in the store.
extension ChangesPane {
    public func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        if reading != nil {
            renderDetail(into: &buffer, area: area, capabilities: capabilities)
        } else {
            renderFilterBar(into: &buffer, area: area)
            renderTimeline(into: &buffer, area: area)
        }
        if let prompt { renderPrompt(prompt, into: &buffer, area: area, capabilities: capabilities) }
    }

    func renderTimeline(into buffer: inout ScreenBuffer, area: Rect) {
        let wide = area.width >= 110
        var columns = [TableColumn("WHEN", width: .fixed(16)), TableColumn("KIND", width: .fixed(8)),
                       TableColumn("STATUS", width: .fixed(10)), TableColumn("SERVICE", width: .flex(2)),
                       TableColumn("CHANGE", width: .flex(4))]
        if wide { columns.append(TableColumn("BY", width: .fixed(12))) }
        let empty = filter == ChangeFilter() ? "No change yet. Pipelines record them (`pmops changes record`), config and flags add theirs."
            : "No change matches these filters (X clears them)."
        let widget = Table(columns: columns, focused: !modalIsOpen, emptyMessage: empty)
        let rows = list.window
        list.render(into: &buffer, area: area, widget: widget, theme: env.theme) { index -> [TableCell] in
            guard let row = rows[index] else { return [TableCell("…")] }
            var cells: [TableCell]
            let by: String
            switch row {
            case let .openSet(set):
                cells = [TableCell(env.shortDate(set.updatedAt), style: .textDim), TableCell("config", style: .highlight),
                         TableCell(Self.setStatus(set.status), style: .severityWarning), TableCell(ChangeFilter.configService),
                         TableCell(Sanitizer.sanitize(Self.summary(set)))]
                by = set.author
            case let .event(e):
                cells = [TableCell(env.shortDate(e.at), style: .textDim), TableCell(e.kind.rawValue, style: Self.kindStyle(e.kind)),
                         TableCell(e.status.rawValue, style: Self.statusStyle(e.status)), TableCell(e.service),
                         TableCell(Sanitizer.sanitize(e.version ?? "—"))]
                by = e.by
            }
            if wide { cells.append(TableCell(Sanitizer.sanitize(by), style: .textDim)) }
            return cells
        }
    }

    func renderFilterBar(into buffer: inout ScreenBuffer, area: Rect) {
        let parts = [FilterBar.Part(label: "kind ", value: filter.kind?.rawValue ?? "all", active: filter.kind != nil),
                     FilterBar.Part(label: "status ", value: filter.status?.rawValue ?? "all", active: filter.status != nil),
                     FilterBar.Part(label: "env ", value: filter.environment?.rawValue ?? "all", active: filter.environment != nil)]
        let count = list.rowCount > AppDatabase.changeCountCap + openSets.count
            ? "\(Self.grouped(AppDatabase.changeCountCap))+ changes "
            : "\(list.rowCount) change\(list.rowCount == 1 ? "" : "s") "
        FilterBar(field: list.filterField, placeholder: "service, e.g. api", text: filter.service, parts: parts, right: count)
            .render(into: &buffer, area: area, theme: env.theme)
    }

    func renderPrompt(_ prompt: ChangePrompt, into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        guard prompt.kind == .applyStaging else {
            ModalChrome.prompt(title: prompt.title, label: prompt.label, placeholder: prompt.placeholder, field: prompt.field,
                               error: prompt.error, hint: prompt.hint, area: area, theme: theme, into: &buffer, capabilities: capabilities,
                               dangerous: prompt.isTypedConfirmation)
            return
        }
        // What Enter applies, one key per line.
        let items = (reading?.changeSet).map { $0.items(in: .staging) } ?? []
        let lines = items.isEmpty ? ["(no staging value: the set moves on to production)"] : items.map { "\($0.key) = \($0.value)" }
        let rect = area.centered(width: min(area.width, 72), height: min(area.height, lines.count + 4))
        let inner = ModalChrome.frame(rect, title: prompt.title, theme: theme, into: &buffer, capabilities: capabilities)
        guard inner.height >= 2 else { return }
        for (i, line) in lines.prefix(max(0, inner.height - 2)).enumerated() {
            buffer.put(Sanitizer.sanitize(line), x: inner.x + 1, y: inner.y + i, style: theme[.dialog], maxWidth: inner.width - 2)
        }
        ModalChrome.footer(prompt.error, hint: prompt.hint, inner: inner, theme: theme, into: &buffer)
    }

    // MARK: - Formatting

    /// 100000 → "100,000".
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        return String(digits.enumerated().flatMap { i, d in (i > 0 && (digits.count - i) % 3 == 0) ? [",", d] : [d] })
    }

    /// "cs-12 warmup.step_limit=500, …".
    static func summary(_ set: ConfigChangeSet) -> String {
        var seen: Set<String> = []
        let pairs = set.items.filter { seen.insert($0.key).inserted }.map { "\($0.key)=\($0.value)" }
        return "cs-\(set.id) " + pairs.joined(separator: ", ")
    }

    static func setStatus(_ status: ConfigChangeSet.Status) -> String {
        switch status {
        case .inReview: "in review"
        case .stagingApplied: "staging"
        case .stagingVerified: "stg ok"
        case .productionApplied: "prod"
        case .productionVerified: "prod ok"
        case .rolledBack: "rolled back"
        default: status.rawValue
        }
    }

    static func kindStyle(_ kind: ChangeEvent.Kind) -> ThemeKey {
        switch kind {
        case .rollback: .severityWarning
        case .config, .flag: .highlight
        default: .text
        }
    }

    static func statusStyle(_ status: ChangeEvent.Status) -> ThemeKey {
        switch status {
        case .failed: .severityCritical
        case .started: .severityWarning
        case .succeeded: .textDim
        }
    }
}
