import Foundation
import OpsCore
import OpsStore
import TermUI

/// The console: tab bar, the active pane, footer hints, status line, and the help and
/// palette overlays. Implements `TerminalApp`, so the same object runs under ncurses
/// and under `TestBackend` in tests (keys in, frames out, injected clock).
@MainActor public final class ConsoleApp: TerminalApp {
    public let env: ConsoleEnvironment
    public private(set) var panes: [any Pane]
    public private(set) var activeIndex = 0
    public private(set) var overlay: Overlay = .none
    /// When the data last changed (shown in the status line; not the poll time, so an idle
    /// console writes nothing).
    public private(set) var lastChange: Date?
    /// Set when polling the store failed: the screen shows "stale since …".
    public private(set) var staleSince: Date?
    private var lastMinute = ""
    private var lastToken: Int64 = -1
    /// The acting account, reloaded whenever the store changes (roles shown in the status line).
    public private(set) var account: StaffAccount?

    public enum Overlay: Equatable {
        case none
        case help(scroll: Int)
        case palette(PaletteState)
    }

    public var minimumSize: Size { Size(width: 60, height: 16) }

    public init(env: ConsoleEnvironment, panes: [any Pane]) {
        self.env = env
        self.panes = panes
        _ = refresh(force: true)
    }

    public var activePane: any Pane { panes[activeIndex] }

    /// Scopes for key lookup right now, most specific first.
    public var scopes: [CommandScope] { activePane.scopes + [.global] }

    // MARK: - Input

    public func handle(_ event: InputEvent) -> AppFlow {
        switch event {
        case .resize: return .continue
        case let .mouse(m): return handleMouse(m)
        case let .key(key): return handleKey(key)
        }
    }

    func handleKey(_ key: Key) -> AppFlow {
        switch overlay {
        case let .help(scroll):
            switch key {
            case .escape, .char("?"), .char("q"), .function(1), .enter: overlay = .none
            case .down, .char("j"): overlay = .help(scroll: scroll + 1)
            case .up, .char("k"): overlay = .help(scroll: max(0, scroll - 1))
            case .pageDown: overlay = .help(scroll: scroll + 10)
            case .pageUp: overlay = .help(scroll: max(0, scroll - 10))
            case .ctrl("l"): return .redrawAll
            default: break
            }
            return .continue
        case var .palette(state):
            switch key {
            case .escape: overlay = .none
            case .enter:
                overlay = .none
                if let command = state.selectedCommand(from: paletteCommands()) { return run(command) }
            case .up: state.move(by: -1); overlay = .palette(state)
            case .down, .tab: state.move(by: 1); overlay = .palette(state)
            default:
                _ = state.field.handle(key)
                state.selection = 0
                overlay = .palette(state)
            }
            return .continue
        case .none:
            break
        }
        let pane = activePane
        if pane.capturesText {
            if let command = env.commands.resolve(key, scopes: pane.scopes, readOnly: env.readOnly) {
                let flow = run(command)
                _ = refresh(force: false)
                return flow
            }
            if pane.handleText(key) { return .continue }
            if case .char = key { return .continue }
            if let command = env.commands.resolve(key, scopes: [.global], readOnly: env.readOnly) { return run(command) }
            return .continue
        }
        if let command = env.commands.resolve(key, scopes: scopes, readOnly: env.readOnly) {
            let flow = run(command)
            _ = refresh(force: false)
            return flow
        }
        if env.readOnly, let refused = env.commands.resolve(key, scopes: scopes, readOnly: false), refused.mutating {
            env.status.show("Read-only console: '\(refused.title)' is disabled (started with --readonly).", .warning)
        }
        return .continue
    }

    /// Runs a command: the pane first, then the console's own.
    public func run(_ command: Command) -> AppFlow {
        if env.readOnly && command.mutating {
            env.status.show("Read-only console: '\(command.title)' is disabled.", .warning)
            return .continue
        }
        if activePane.perform(command.id) { return .continue }
        switch command.id {
        case .quit: return .quit
        case .help: overlay = .help(scroll: 0)
        case .palette: overlay = .palette(PaletteState())
        case .redraw: return .redrawAll
        case .nextPane: switchTo((activeIndex + 1) % panes.count)
        case .previousPane: switchTo((activeIndex + panes.count - 1) % panes.count)
        case .pane1: switchTo(0)
        case .pane2: switchTo(1)
        case .pane3: switchTo(2)
        case .pane4: switchTo(3)
        case .pane5: switchTo(4)
        default: break
        }
        return .continue
    }

    func switchTo(_ index: Int) {
        guard panes.indices.contains(index) else {
            env.status.show("There is no pane \(index + 1) yet.", .info)
            return
        }
        activeIndex = index
        _ = refresh(force: true)
    }

    /// Commands that apply here: the table's, minus read-only refusals and pane switches
    /// to panes that do not exist.
    public func availableCommands() -> [Command] {
        let paneSwitches: [CommandID] = [.pane1, .pane2, .pane3, .pane4, .pane5]
        let missing = Set(paneSwitches.dropFirst(panes.count))
        var hidden = missing
        if panes.count < 2 { hidden.formUnion([.nextPane, .previousPane]) }
        return env.commands.available(in: scopes, readOnly: env.readOnly).filter { !hidden.contains($0.id) }
    }

    /// Commands the palette offers: everything available here, minus pure movement.
    func paletteCommands() -> [Command] {
        let movement: Set<CommandID> = [.moveUp, .moveDown, .pageUp, .pageDown, .first, .last, .back,
                                         .formNextField, .formPreviousField, .formToggle, .palette]
        return availableCommands().filter { !movement.contains($0.id) }
    }

    func handleMouse(_ m: MouseEvent) -> AppFlow {
        guard overlay == .none else { return .continue }
        if m.y == 0, m.button == .left {
            if let index = ChromeRenderer.tabIndex(at: m.x, titles: tabTitles()) { switchTo(index) }
            return .continue
        }
        switch m.button {
        case .wheelUp: for _ in 0..<3 { _ = activePane.perform(.moveUp) }
        case .wheelDown: for _ in 0..<3 { _ = activePane.perform(.moveDown) }
        default: _ = activePane.handleMouse(MouseEvent(x: m.x, y: m.y - 1, button: m.button))
        }
        return .continue
    }

    // MARK: - Refresh

    public func refresh() -> Bool { refresh(force: false) }

    /// Polls the store's change token (one tiny read); reloads the acting account and the
    /// active pane only when something was committed, by this console or anyone else.
    func refresh(force: Bool) -> Bool {
        var changed = env.status.expire()
        let minute = env.clockText(env.clock.now(), seconds: false)
        if minute != lastMinute {
            lastMinute = minute
            changed = true
        }
        do {
            let token = try env.store.changeToken()
            if force || token != lastToken {
                lastToken = token
                account = try? env.store.whoAmI(env.actor)
                _ = activePane.refresh(force: true)
                lastChange = env.clock.now()
                changed = true
            } else if activePane.refresh(force: false) {
                changed = true
            }
            if staleSince != nil {
                staleSince = nil
                changed = true
            }
        } catch {
            if staleSince == nil {
                staleSince = env.clock.now()
                env.status.show("Cannot read the store: \(error.description)", .error, seconds: 10)
                changed = true
            }
        }
        return changed
    }

    func tabTitles() -> [(String, Int?)] { panes.map { ($0.title, $0.badge) } }

    // MARK: - Render

    public func render(into buffer: inout ScreenBuffer, capabilities: TerminalCapabilities) {
        let theme = env.theme
        buffer.fill(buffer.bounds, with: Cell(grapheme: " ", style: theme[.text]))
        let size = buffer.size
        let who = account
        ChromeRenderer.tabBar(into: &buffer, titles: tabTitles(), active: activeIndex, clock: lastMinute, theme: theme)
        let area = Rect(x: 0, y: 1, width: size.width, height: max(0, size.height - 3))
        activePane.render(into: &buffer, area: area, capabilities: capabilities)
        let hints = availableCommands().filter(\.footer)
        ChromeRenderer.footer(into: &buffer, y: size.height - 2, commands: hints, theme: theme)
        var left = "\(env.actor.effectiveLogin)"
        if let imp = env.actor.impersonator { left += " (as, by \(imp))" }
        if let who { left += " [\(who.roles.isEmpty ? "no roles" : who.sortedRoles.map(\.rawValue).joined(separator: ","))]" }
        if env.readOnly { left += " READ-ONLY" }
        var right = URL(fileURLWithPath: env.store.path ?? "memory").lastPathComponent
        if let staleSince {
            right = "stale since \(env.clockText(staleSince))  " + right
        } else if let lastChange {
            right = "updated \(env.clockText(lastChange))  " + right
        }
        ChromeRenderer.statusLine(into: &buffer, y: size.height - 1, left: left, message: env.status.message,
                                  right: right, theme: theme)
        switch overlay {
        case .none: break
        case let .help(scroll):
            HelpOverlay.render(into: &buffer, commands: availableCommands(),
                               scroll: scroll, theme: theme, capabilities: capabilities)
        case let .palette(state):
            state.render(into: &buffer, commands: paletteCommands(), theme: theme, capabilities: capabilities)
        }
    }
}
