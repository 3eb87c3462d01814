import TermUI

/// One row of the command table: the key(s), the words shown to people, where it
/// applies and whether it changes data. Dispatch, footer hints, the help overlay, the
/// palette and Docs/KEYS.md are all generated from these rows.
public struct Command: Sendable {
    public let id: CommandID
    public let keys: [Key]
    /// Short label for the footer and palette ("Deactivate").
    public let title: String
    /// One sentence for the help overlay.
    public let help: String
    public let scope: CommandScope
    /// Destructive or hard to undo: shown in the dangerous style, asks for confirmation.
    public let dangerous: Bool
    /// Changes data: hidden and refused under --readonly.
    public let mutating: Bool
    /// Shown in the footer's hint line.
    public let footer: Bool

    public init(_ id: CommandID, keys: [Key], title: String, help: String, scope: CommandScope,
                dangerous: Bool = false, mutating: Bool = false, footer: Bool = false) {
        self.id = id
        self.keys = keys
        self.title = title
        self.help = help
        self.scope = scope
        self.dangerous = dangerous
        self.mutating = mutating
        self.footer = footer
    }

    /// The key as people write it ("Ctrl-L", "PgDn", "?").
    public var keyLabel: String { keys.map(KeyLabel.text).joined(separator: " ") }
}

/// Names keys the way help screens do.
public enum KeyLabel {
    public static func text(_ key: Key) -> String {
        switch key {
        case let .char(c): return c == " " ? "Space" : String(c)
        case let .ctrl(c): return "Ctrl-" + String(c).uppercased()
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case let .function(n): return "F\(n)"
        }
    }
}
