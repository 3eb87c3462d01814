/// Names an action a key, a mouse click or the palette can trigger. An open set: each
/// pane folder declares its own ids next to its command rows, so a new pane adds ids
/// without editing a shared enum.
public struct CommandID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    // Global
    public static let quit = CommandID("quit"), help = CommandID("help"), palette = CommandID("palette")
    public static let redraw = CommandID("redraw"), nextPane = CommandID("nextPane")
    public static let previousPane = CommandID("previousPane"), back = CommandID("back")
    // Lists
    public static let moveUp = CommandID("moveUp"), moveDown = CommandID("moveDown")
    public static let pageUp = CommandID("pageUp"), pageDown = CommandID("pageDown")
    public static let first = CommandID("first"), last = CommandID("last")
    public static let open = CommandID("open"), filter = CommandID("filter")
    public static let moveLeft = CommandID("moveLeft"), moveRight = CommandID("moveRight")
    public static let clearFilters = CommandID("clearFilters")
    // Forms and dialogs
    public static let formSubmit = CommandID("formSubmit"), formNextField = CommandID("formNextField")
    public static let formPreviousField = CommandID("formPreviousField"), formToggle = CommandID("formToggle")
    public static let formCancel = CommandID("formCancel")
    public static let composeNewline = CommandID("composeNewline"), composeDone = CommandID("composeDone")
    public static let confirmYes = CommandID("confirmYes"), confirmNo = CommandID("confirmNo")

    /// Switches to the pane registered as `paneID` (digit keys, tab clicks, `:users`).
    public static func showPane(_ paneID: String) -> CommandID { CommandID("pane." + paneID) }

    /// The pane a `showPane` id names, nil for other commands.
    public var paneTarget: String? { rawValue.hasPrefix("pane.") ? String(rawValue.dropFirst(5)) : nil }
}

/// Where a binding applies. Resolution tries the most specific scope first: the focused
/// view, then its pane, then global. Panes declare their scopes in their own folder.
public struct CommandScope: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// The heading in the help overlay and Docs/KEYS.md.
    public let title: String

    public init(_ rawValue: String, title: String) {
        self.rawValue = rawValue
        self.title = title
    }

    public var description: String { rawValue }
    public static func == (a: CommandScope, b: CommandScope) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    public static let global = CommandScope("global", title: "Everywhere")
    public static let list = CommandScope("list", title: "Lists and tables")
    public static let form = CommandScope("form", title: "Forms")
    public static let dialog = CommandScope("dialog", title: "Dialogs")
    /// A multi-line text area (a note or reply typed in the console): Enter breaks lines.
    public static let compose = CommandScope("compose", title: "Multi-line text")
}
