import Foundation
import TermUI

extension ConsoleApp {
    /// Draws the frame from state alone: panes lay out first, then render without
    /// reading the store or changing what they hold.
    public func render(into buffer: inout ScreenBuffer, capabilities: TerminalCapabilities) {
        let theme = env.theme
        buffer.fill(buffer.bounds, with: Cell(grapheme: " ", style: theme[.text]))
        let size = buffer.size
        barWidth = size.width
        ChromeRenderer.tabBar(into: &buffer, titles: tabTitles(), active: activeIndex, clock: lastMinute, theme: theme)
        let area = Rect(x: 0, y: 1, width: size.width, height: max(0, size.height - 3))
        activePane.layout(area: area)
        activePane.render(into: &buffer, area: area, capabilities: capabilities)
        let hints = availableCommands().filter { $0.footer && isAllowed($0.permission) }
        ChromeRenderer.footer(into: &buffer, y: size.height - 2, commands: hints, theme: theme)
        var left = "\(env.actor.effectiveLogin)"
        if let imp = env.actor.impersonator { left += " (as, by \(imp))" }
        if let who = account { left += " [\(who.roles.isEmpty ? "no roles" : who.sortedRoles.map(\.rawValue).joined(separator: ","))]" }
        if env.readOnly { left += " READ-ONLY" }
        if let onCall { left += " · " + onCall }
        var right = URL(fileURLWithPath: env.store.path ?? "memory").lastPathComponent
        if let staleSince {
            right = "stale since \(env.clockText(staleSince))  " + right
        } else if let lastChange {
            right = "updated \(env.clockText(lastChange))  " + right
        }
        ChromeRenderer.statusLine(into: &buffer, y: size.height - 1, left: left, message: env.status.shown,
                                  right: right, theme: theme)
        switch overlay {
        case .none: break
        case let .help(scroll):
            let commands = availableCommands().map { ($0, isAllowed($0.permission)) }
            HelpOverlay.render(into: &buffer, commands: commands, scopes: env.commands.scopes,
                               scroll: scroll, theme: theme, capabilities: capabilities)
        case let .palette(state):
            state.render(into: &buffer, entries: paletteEntries(), theme: theme, capabilities: capabilities)
        case let .copy(text):
            CopyOverlay(text: text, copied: env.clipboardAllowed).render(into: &buffer, theme: theme)
        case let .confirm(id):
            let title = env.commands.command(id, in: scopes)?.title ?? id.rawValue
            Dialog(title: "\(title)?", body: ["This cannot be undone easily.", "", "y runs it · n or Esc cancels"],
                   buttons: [title, "Cancel"], dangerous: true)
                .render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
        }
    }
}

/// What the console shows an actor who may read no pane: one sentence, no data.
@MainActor final class NoPaneNotice: Pane {
    let env: ConsoleEnvironment
    init(env: ConsoleEnvironment) { self.env = env }
    var title: String { "" }
    var scopes: [CommandScope] { [] }
    var capturesText: Bool { false }
    func handleText(_ key: Key) -> Bool { false }
    func perform(_ command: CommandID) -> Bool { false }
    func refresh(force: Bool) -> Bool { false }
    func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        buffer.put("Your roles let you read no pane of this console; ask an admin for a role.",
                   x: area.x + 1, y: area.y + 1, style: env.theme[.textDim], maxWidth: area.width - 2)
    }
}
