@testable import OpsConsole
import OpsCore

/// A throwaway pane that shows what a new pane costs: this file (scopes, ids, rows), the
/// pane (`NotesPane.swift`) and one registry line (`NotesPane.registry`).
extension CommandScope {
    static let notes = CommandScope("notes", title: "Notes (example)")
}

extension CommandID {
    static let notePin = CommandID("notePin"), notePurge = CommandID("notePurge")
}

enum NotesCommands {
    static let rows: [Command] = [
        Command(.open, keys: [.enter], title: "Read", help: "Open the note under the cursor.", scope: .notes, footer: true),
        Command(.notePin, keys: [.char("p")], title: "Pin", help: "Pin or unpin the note under the cursor.", scope: .notes,
                permission: .ticketsManage, mutating: true, footer: true),
        Command(.notePurge, keys: [.char("P")], title: "Purge", help: "Delete every note (the shell asks first).", scope: .notes,
                dangerous: true, permission: .ticketsManage, mutating: true, footer: true),
    ]
}
