import OpsCore
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
    /// Destructive or hard to undo: shown in the dangerous style, and the shell asks
    /// "y/n" before running it unless `formConfirms`.
    public let dangerous: Bool
    /// The pane's own form is the confirmation step (a typed login, a required reason), so
    /// the shell does not ask again.
    public let formConfirms: Bool
    /// What the actor must hold for the command to be offered; nil for anyone who can see
    /// the pane. The store checks again on every write: this only spares people forms
    /// they could never submit.
    public let permission: Permission?
    /// Changes data: hidden and refused under --readonly.
    public let mutating: Bool
    /// Shown in the footer's hint line.
    public let footer: Bool

    public init(_ id: CommandID, keys: [Key], title: String, help: String, scope: CommandScope,
                dangerous: Bool = false, formConfirms: Bool = false, permission: Permission? = nil,
                mutating: Bool = false, footer: Bool = false) {
        self.id = id
        self.keys = keys
        self.title = title
        self.help = help
        self.scope = scope
        self.dangerous = dangerous
        self.formConfirms = formConfirms
        self.permission = permission
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
