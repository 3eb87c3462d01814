import OpsCore

/// The Silences pane's scopes, command ids and key rows (merged into the one command table
/// through its `PaneDescriptor`).
extension CommandScope {
    static let silences = CommandScope("silences", title: "Silences")
    static let silencesList = CommandScope("silences.list", title: "Silences: list")
}

extension CommandID {
    static let silenceExpire = CommandID("silenceExpire"), silenceExtend = CommandID("silenceExtend")
}

enum SilencesCommands {
    static let scopes: [CommandScope] = [.silences, .silencesList]

    static let rows: [Command] = [
        Command(.open, keys: [.enter], title: "Details", help: "Show the silence under the cursor: matchers, times, who made it and why.", scope: .silencesList, footer: true),
        Command(.silenceExpire, keys: [.char("x")], title: "Expire", help: "End the silence now; the alerts it muted page again.", scope: .silences, dangerous: true, permission: .silencesManage, mutating: true, footer: true),
        Command(.silenceExtend, keys: [.char("+")], title: "Extend", help: "Extend the silence by a duration (e.g. 2h): it is expired and recreated with the same matchers, audited.", scope: .silences, permission: .silencesManage, mutating: true, footer: true),
    ]
}
