@testable import OpsConsole
import OpsCore
import TermUI

/// A list of notes on the kit: a paged table with a filter, a detail view, two commands.
@MainActor final class NotesPane: Pane {
    /// Ninth, the last place with a digit key (the standard registry fills all nine, so the
    /// example takes the last one's place).
    static let registry = PaneRegistry(PaneRegistry.standard.panes.prefix(8) + [
        PaneDescriptor(id: "notes", title: "Notes", permission: .ticketsRead, scopes: [.notes],
                       commands: NotesCommands.rows, make: { env in NotesPane(env: env) }),
    ])

    let env: ConsoleEnvironment
    var notes = (1...500).map { "Note \($0): the quick brown fox jumps over the lazy dog, again and again." }
    var pinned: Set<String> = []
    var filter = ""
    var list = PagedTable<String>()
    var reading: String?
    var detail = DetailView()

    init(env: ConsoleEnvironment) { self.env = env }

    var title: String { "Notes" }
    var scopes: [CommandScope] { list.isFiltering ? [.form] : reading == nil ? [.notes, .list] : [.notes] }
    var capturesText: Bool { list.isFiltering }
    func layout(area: Rect) { list.layout(area: area); detail.layout(area: area) }

    var source: PageSource<String> {
        let matching = filter.isEmpty ? notes : notes.filter { $0.contains(filter) }
        return PageSource(count: { () throws(OpsError) in matching.count },
                          load: { offset, limit throws(OpsError) in Array(matching.dropFirst(offset).prefix(limit)) })
    }

    func refresh(force: Bool) -> Bool {
        guard force else { return false }
        env.attempt { () throws(OpsError) in try list.reload(from: source) }
        return true
    }

    func perform(_ command: CommandID) -> Bool {
        if list.isFiltering {
            switch list.filterCommand(command) {
            case let .typed(text): filter = text
            case .cleared: filter = ""
            case .kept, .ignored: return true
            }
            return refresh(force: true)
        }
        switch command {
        case .open: reading = list.selectedRow
        case .back where reading != nil: reading = nil
        case .filter: list.beginFilter(filter)
        case .notePin: if let n = list.selectedRow { if pinned.remove(n) == nil { pinned.insert(n) } }
        case .notePurge:
            notes = []
            _ = refresh(force: true)
        default:
            guard reading == nil, list.move(command) else { return reading.map { _ in detail.move(command) } ?? false }
            env.attempt { () throws(OpsError) in try list.loadVisible(from: source) }
        }
        return true
    }

    func handleText(_ key: Key) -> Bool {
        guard let text = list.typeInFilter(key) else { return false }
        filter = text
        env.attempt { () throws(OpsError) in try list.reload(from: source, resetSelection: true) }
        return true
    }

    func handleMouse(_ event: MouseEvent) -> Bool { list.click(atPaneRow: event.y) }

    func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        if let reading {
            let inner = Box(title: "Note", trailingTitle: "Esc back").render(into: &buffer, area: area, theme: env.theme, capabilities: capabilities)
            detail.render([DetailLine(label: "Text", value: reading)], in: inner, theme: env.theme, into: &buffer)
            return
        }
        buffer.put("Filter \(list.filterField?.text ?? filter)   \(list.rowCount) notes", x: area.x + 1, y: area.y, style: env.theme[.textDim])
        let rows = list.window, pinned = self.pinned
        list.render(into: &buffer, area: area, widget: Table(columns: [TableColumn("NOTE", width: .flex(1))]), theme: env.theme) { i in
            [TableCell((rows[i].map { (pinned.contains($0) ? "* " : "") + $0 }) ?? "…")]
        }
    }
}
