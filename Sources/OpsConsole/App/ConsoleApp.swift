import Foundation
import OpsCore
import OpsStore
import TermUI

/// The console: tab bar, the active pane, footer hints, status line, and the help,
/// palette and confirmation overlays. Implements `TerminalApp`, so the same object runs
/// under ncurses and under `TestBackend` in tests (keys in, frames out, injected clock).
@MainActor public final class ConsoleApp: TerminalApp {
    public let env: ConsoleEnvironment
    public let registry: PaneRegistry
    /// Every registered pane, built once; `panes` is the part the actor may read.
    private var built: [(descriptor: PaneDescriptor, pane: any Pane)]
    /// The panes offered to the actor, in tab order.
    public private(set) var panes: [any Pane] = []
    /// Registry ids of `panes`.
    public private(set) var paneIDs: [String] = []
    public private(set) var activeIndex = 0
    public internal(set) var overlay: Overlay = .none
    /// Text to put on the terminal's clipboard after this event (OSC 52, when allowed).
    var clipboardRequest: String?
    /// What to do when the foreground program (an editor) handed to the run loop ends.
    var pendingForeground: (@MainActor (Int32) -> Void)?
    /// When the data last changed (shown in the status line; not the poll time, so an idle
    /// console writes nothing).
    public private(set) var lastChange: Date?
    /// Set when polling the store failed: the screen shows "stale since …".
    public private(set) var staleSince: Date?
    var lastMinute = ""
    /// "on call: alice until Tue 09:00" for the actor's team (nil: no team or no schedule).
    var onCall: String?
    /// The width of the last frame drawn, so a click on the tab bar finds the tab drawn there.
    var barWidth = Int.max
    private var lastToken: Int64 = -1
    /// The acting account, reloaded whenever the store changes (roles shown in the status
    /// line; its permissions decide which panes and commands are offered).
    public private(set) var account: StaffAccount?
    /// Shown when the actor may read no pane at all.
    private let nothingToShow: any Pane

    public enum Overlay: Equatable {
        case none
        case help(scroll: Int)
        case palette(PaletteState)
        /// A dangerous command waiting for "y".
        case confirm(CommandID)
        /// Text shown whole on its own lines, easy to select (any key closes it).
        case copy(String)
    }

    public var minimumSize: Size { Size(width: 60, height: 16) }

    public init(env: ConsoleEnvironment, registry: PaneRegistry = .standard) {
        self.env = env
        self.registry = registry
        built = registry.panes.map { ($0, $0.make(env)) }
        nothingToShow = NoPaneNotice(env: env)
        account = try? env.store.whoAmI(env.actor)
        onCall = onCallStatus()
        updateVisiblePanes()
        // Each role's first pane is a setting (support staff open on their tickets); a
        // start pane given by the caller switches after this.
        if let roles = account?.roles, let first = try? env.store.firstPane(for: roles), let index = paneIDs.firstIndex(of: first) {
            activeIndex = index
        }
        _ = refresh(force: true)
    }

    public var activePane: any Pane { panes.indices.contains(activeIndex) ? panes[activeIndex] : nothingToShow }
    public var activePaneID: String? { paneIDs.indices.contains(activeIndex) ? paneIDs[activeIndex] : nil }

    /// The pane registered as `id`, whether or not the actor may see it (tests, bench).
    public func pane(_ id: String) -> (any Pane)? { built.first { $0.descriptor.id == id }?.pane }

    /// Scopes for key lookup right now, most specific first.
    public var scopes: [CommandScope] { activePane.scopes + [.global] }

    /// Offers exactly the panes whose read permission the actor holds, keeping the
    /// active pane when it stays visible.
    private func updateVisiblePanes() {
        let current = activePaneID
        let visible = built.filter { isAllowed($0.descriptor.permission) }
        panes = visible.map(\.pane)
        paneIDs = visible.map(\.descriptor.id)
        activeIndex = current.flatMap { paneIDs.firstIndex(of: $0) } ?? 0
    }

    // MARK: - Input

    public func handle(_ event: InputEvent) -> AppFlow {
        let flow: AppFlow
        switch event {
        case .resize: return .continue
        case let .mouse(m): flow = handleMouse(m)
        case let .key(key): flow = handleKey(key)
        }
        if let text = env.copyRequest {
            env.copyRequest = nil
            overlay = .copy(text)
            if env.clipboardAllowed { clipboardRequest = text }
        }
        return flow
    }

    public func takeClipboardRequest() -> String? {
        defer { clipboardRequest = nil }
        return clipboardRequest
    }

    public func takeForegroundRequest() -> ForegroundProgram? {
        guard let request = env.foregroundRequest else { return nil }
        pendingForeground = request.then
        env.foregroundRequest = nil
        return request.program
    }

    public func foregroundDidFinish(_ program: ForegroundProgram, status: Int32) {
        let then = pendingForeground
        pendingForeground = nil
        then?(status)
        _ = refresh(force: true)
    }

    /// Switches to the pane registered as `id`; a status line when it is not offered.
    public func switchTo(_ id: String) {
        guard let index = paneIDs.firstIndex(of: id) else {
            let title = registry.descriptor(id)?.title ?? id
            env.status.show("You cannot open \(title): \(denialReason(registry.descriptor(id)?.permission)).", .warning)
            return
        }
        switchTo(index: index)
    }

    func switchTo(index: Int) {
        guard panes.indices.contains(index) else { return }
        activeIndex = index
        _ = refresh(force: true)
    }

    func handleMouse(_ m: MouseEvent) -> AppFlow {
        guard overlay == .none else { return .continue }
        if m.y == 0, m.button == .left {
            if let index = ChromeRenderer.tabIndex(at: m.x, titles: tabTitles(), active: activeIndex, width: barWidth, clock: lastMinute) {
                switchTo(index: index)
            }
            return .continue
        }
        switch m.button {
        case .wheelUp: for _ in 0..<3 { _ = activePane.perform(.moveUp) }
        case .wheelDown: for _ in 0..<3 { _ = activePane.perform(.moveDown) }
        default: _ = activePane.handleMouse(MouseEvent(x: m.x, y: m.y - 1, button: m.button))
        }
        return .continue
    }

    // MARK: - Permissions

    /// Whether the actor holds `permission` (nil: anyone). The store checks again on
    /// every read and write; this decides what is offered.
    public func isAllowed(_ permission: Permission?) -> Bool {
        guard let permission else { return true }
        return account?.permissions.contains(permission) ?? false
    }

    /// "needs alerts.ack; you are support".
    func denialReason(_ permission: Permission?) -> String {
        let needs = permission.map { "needs \($0.rawValue)" } ?? "not allowed"
        guard let account else { return needs + "; your account could not be read" }
        let roles = account.sortedRoles.map(\.rawValue)
        return needs + (roles.isEmpty ? "; you have no roles" : "; you are " + roles.joined(separator: ", "))
    }

    // MARK: - Refresh

    public func refresh() -> Bool { refresh(force: false) }

    /// Polls the store's change token (one tiny read); reloads the acting account, the
    /// tab badges and the active pane only when something was committed, by this console
    /// or anyone else.
    func refresh(force: Bool) -> Bool {
        var changed = env.status.expire()
        if env.status.pollStanding() { changed = true }
        let minute = env.clockText(env.clock.now(), seconds: false)
        if minute != lastMinute {
            lastMinute = minute
            onCall = onCallStatus()
            changed = true
        }
        do {
            let token = try env.store.changeToken()
            if force || token != lastToken {
                lastToken = token
                account = try? env.store.whoAmI(env.actor)
                onCall = onCallStatus()
                updateVisiblePanes()
                for pane in panes { pane.refreshBadge() }
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

    /// Tab labels: the registry number (the digit key), title and badge.
    func tabTitles() -> [(number: Int, title: String, badge: Int?)] {
        zip(paneIDs, panes).map { id, pane in (registry.number(of: id) ?? 0, pane.title, pane.badge) }
    }
}
