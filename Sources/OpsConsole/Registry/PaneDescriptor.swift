import OpsCore

/// Everything the shell needs to offer a pane without knowing its type: the digit key,
/// tab, `:id` palette jump, `pmops debug render --pane ID`, the help headings and
/// Docs/KEYS.md all come from these fields.
public struct PaneDescriptor: Sendable {
    /// Stable name: `:alerts` in the palette, `--pane alerts`, `ConsoleHarness(startPane:)`.
    public let id: String
    /// Tab and palette label.
    public let title: String
    /// Needed to see the pane at all; an actor without it is never offered the pane.
    public let permission: Permission
    /// The pane's key scopes, in the order help and Docs/KEYS.md list them.
    public let scopes: [CommandScope]
    /// The pane's rows of the command table (their scopes are among `scopes`).
    public let commands: [Command]
    /// Builds the pane; called once per console, before the first frame.
    public let make: @MainActor @Sendable (ConsoleEnvironment) -> any Pane

    public init(id: String, title: String, permission: Permission, scopes: [CommandScope], commands: [Command],
                make: @escaping @MainActor @Sendable (ConsoleEnvironment) -> any Pane) {
        self.id = id
        self.title = title
        self.permission = permission
        self.scopes = scopes
        self.commands = commands
        self.make = make
    }
}
