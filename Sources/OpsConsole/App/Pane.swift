import TermUI

/// A top-level pane of the console (User admin now; health, alerts, tickets, incidents
/// later). Each lives in its own folder under Panes/ and owns its view state.
@MainActor public protocol Pane: AnyObject {
    /// Tab title.
    var title: String { get }
    /// A count shown on the tab (e.g. unacknowledged criticals), nil for none.
    var badge: Int? { get }
    /// Key scopes for the focused view, most specific first (global is added by the app).
    var scopes: [CommandScope] { get }
    /// True while a text field has focus: printable keys are text, not commands.
    var capturesText: Bool { get }
    /// Handles a key the command table did not claim (typing into fields). True if used.
    func handleText(_ key: Key) -> Bool
    /// Performs a command; false when it does not apply here (the app then tries global).
    func perform(_ command: CommandID) -> Bool
    /// A mouse event inside the pane's area (already relative to it).
    func handleMouse(_ event: MouseEvent) -> Bool
    /// Polls the store; true when something visible changed.
    func refresh(force: Bool) -> Bool
    /// Draws the pane into `area`.
    func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities)
}

extension Pane {
    public var badge: Int? { nil }
    public func handleMouse(_ event: MouseEvent) -> Bool { false }
}
