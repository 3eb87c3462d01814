import OpsCore
import TermUI

/// The dialog open over the Incidents pane: what an action asks before its one store call.
/// A note (and a postmortem section) is typed in the multi-line area; the rest are one field.
struct IncidentPrompt: Equatable {
    enum Kind: Equatable {
        case note, status, severity, role, link, unlink, checklist, evidence
        /// Which open action item is done (A12).
        case actionDone
        /// Which postmortem section to write, then its text.
        case postmortemSection
        case postmortemText(Postmortem.Section)
    }

    var kind: Kind
    var incident: IncidentNumber
    /// The version the status change was decided on (a change made meanwhile is refused).
    var version: Int?
    var field: TextFieldState
    var area = TextAreaState()
    var error: String?
    /// What the field may hold, listed in the placeholder and hint (statuses, checklist items).
    var options: [String] = []

    init(_ kind: Kind, incident: IncidentNumber, version: Int? = nil, text: String = "", options: [String] = []) {
        self.kind = kind
        self.incident = incident
        self.version = version
        self.options = options
        field = TextFieldState(text: text, maxLength: kind == .evidence ? 4_000 : 120)
        if kind.isCompose { area = TextAreaState(text: text, maxLength: 100_000) }
    }

    var text: String { kind.isCompose ? area.text : field.text }

    var title: String {
        switch kind {
        case .note: "Note on \(incident)"
        case .status: "Change the status of \(incident)"
        case .severity: "Severity of \(incident)"
        case .role: "Name a role on \(incident)"
        case .link: "Link an alert or ticket to \(incident)"
        case .unlink: "Unlink an alert or ticket from \(incident)"
        case .checklist: "Tick a checklist item of \(incident)"
        case .evidence: "Add text evidence to \(incident)"
        case .actionDone: "Mark an action item of \(incident) done"
        case .postmortemSection: "Which postmortem section of \(incident)?"
        case let .postmortemText(section): "\(section.title) of \(incident)'s postmortem"
        }
    }

    var label: String {
        switch kind {
        case .note: "Note"
        case .status: "Status"
        case .severity: "Severity"
        case .role: "Role login"
        case .link, .unlink: "Alert/ticket"
        case .checklist: "Item"
        case .actionDone: "Action item"
        case .evidence: "Evidence"
        case .postmortemSection: "Section"
        case .postmortemText: "Text"
        }
    }

    var placeholder: String {
        switch kind {
        case .note: "what you found, decided or did (kept exactly, shown on the timeline)"
        case .status, .checklist, .postmortemSection, .actionDone: options.joined(separator: ", ")
        case .severity: "SEV-1, SEV-2, SEV-3 or SEV-4"
        case .role: "e.g. tech-lead bob (a role alone clears it)"
        case .link, .unlink: "an alert number (12) or a ticket (ESC-1042)"
        case .evidence: "the text: a log line, a header, where the full log is kept"
        case .postmortemText: "what happened, in full sentences"
        }
    }

    var hint: String {
        switch kind {
        case .note: "Ctrl-D adds the note · Enter new line · Esc cancels"
        case .status: "Moves: " + options.joined(separator: ", ") + " · Enter changes · Esc cancels"
        case .severity: "Enter changes the severity · Esc cancels"
        case .role: "Roles: " + IncidentRole.allCases.map(\.rawValue).joined(separator: ", ") + " · Enter names · Esc cancels"
        case .link: "Enter links · Esc cancels"
        case .unlink: "Enter unlinks · Esc cancels"
        case .checklist: "Enter ticks the item · Esc cancels"
        case .actionDone: "Open: " + options.joined(separator: ", ") + " · Enter marks it done · Esc cancels"
        case .evidence: "Enter records it with its SHA-256 · Esc cancels"
        case .postmortemSection: "Enter opens the section · Esc cancels"
        case .postmortemText: "Ctrl-D saves the section · Enter new line · Esc cancels"
        }
    }
}

extension IncidentPrompt.Kind {
    /// Written in the multi-line area (Enter breaks the line, Ctrl-D finishes).
    var isCompose: Bool {
        switch self {
        case .note, .postmortemText: true
        default: false
        }
    }
}
