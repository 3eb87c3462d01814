import TermUI

/// A top-level pane of the console. Each lives in its own folder under Panes/, owns its
/// view state, and is offered through a `PaneDescriptor` in `PaneRegistry.standard`.
///
/// The frame is collect → snapshot → draw: `refresh` reads the store into the pane's
/// state, `layout` tells it the area it will get, and `render` and `badge` only read
/// that state (no store reads, no writes), so a frame can be drawn any number of times.
@MainActor public protocol Pane: AnyObject {
    /// Tab title.
    var title: String { get }
    /// A count shown on the tab (e.g. unacknowledged criticals), nil for none. Read from
    /// state that `refreshBadge` or `refresh` loaded.
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
    /// Reloads what the tab badge shows; called for every offered pane when the store
    /// changed, so a badge stays current while another pane is shown.
    func refreshBadge()
    /// The area the next `render` gets (rows per page follow from it).
    func layout(area: Rect)
    /// Draws the pane into `area`.
    func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities)
}

extension Pane {
    public var badge: Int? { nil }
    public func handleMouse(_ event: MouseEvent) -> Bool { false }
    public func refreshBadge() {}
    public func layout(area: Rect) {}
}
