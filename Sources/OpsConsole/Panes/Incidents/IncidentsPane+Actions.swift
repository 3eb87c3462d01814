import Foundation
import OpsCore
import OpsStore
import TermUI

/// The incident actions: a prompt opens, Enter (Ctrl-D for a text) makes one store call, the
/// same the CLI makes, in its own transaction with its audit row. A refusal (a readonly
/// role, a move the status machine does not allow) stays in the prompt and on the status line.
extension IncidentsPane {
    /// Opens the prompt of `command` for the current incident.
    func begin(_ command: CommandID) {
        guard let number = current else {
            noIncident()
            return
        }
        if restricted || (view == .list && list.selectedRow?.isRestricted == true) {
            env.status.show("\(IncidentAccess.restrictedLabel(number)): only incidents.security holders and its named responders may see or change it.", .warning)
            return
        }
        switch command {
        case .incidentNote: compose(on: number)
        case .incidentStatus:
            let status = reading.flatMap { $0.incident.number == number ? $0.incident : nil }?.status ?? list.selectedRow?.incident?.status
            let version = reading.flatMap { $0.incident.number == number ? $0.incident.version : nil } ?? list.selectedRow?.incident?.version
            let options = status.map(IncidentLifecycle.allowed(from:)) ?? IncidentStatus.allCases
            guard !options.isEmpty else {
                env.status.show("\(number) is closed: nothing moves it any more.", .warning)
                return
            }
            prompt = IncidentPrompt(.status, incident: number, version: version, options: options.map(\.rawValue))
        case .incidentSeverity:
            prompt = IncidentPrompt(.severity, incident: number)
        case .incidentRole: prompt = IncidentPrompt(.role, incident: number)
        case .incidentLink: prompt = IncidentPrompt(.link, incident: number)
        case .incidentUnlink: prompt = IncidentPrompt(.unlink, incident: number)
        case .incidentChecklist:
            let open = reading?.incident.number == number ? reading?.checklist.filter { $0.doneAt == nil }.map(\.item.rawValue) ?? [] : []
            prompt = IncidentPrompt(.checklist, incident: number, text: open.first ?? "", options: open)
        case .incidentEvidence: prompt = IncidentPrompt(.evidence, incident: number)
        case .incidentPostmortemEdit:
            prompt = IncidentPrompt(.postmortemSection, incident: number, options: Postmortem.Section.allCases.map(\.rawValue))
        default: return
        }
    }

    /// Pins the timeline entry under the cursor.
    func pin() {
        guard let number, let entry = timeline.selectedRow else {
            env.status.show("Open an incident and put the cursor on an entry to pin it.", .info)
            return
        }
        guard !entry.pinned else {
            env.status.show("That entry is already pinned.", .info)
            return
        }
        guard env.attempt({ () throws(OpsError) in try env.store.pinIncidentEntry(number, entry: entry.id, as: env.actor) }) != nil else { return }
        env.status.show("Pinned the \(entry.kind) entry of \(env.shortDate(entry.at)) on \(number).", .success)
        _ = refresh(force: true)
    }

    /// Starts a note: in `$VISUAL`/`$EDITOR` when one is set, else in the text area.
    func compose(on number: IncidentNumber) {
        guard let editor = env.editor else {
            prompt = IncidentPrompt(.note, incident: number)
            return
        }
        let lines = ["Note on \(number)", "Lines starting with '#' are removed. Save an empty note to cancel."]
        EditorCompose.edit("\n\n" + EditorCompose.comments(lines) + "\n", name: number.description, editor: editor, env: env) { [weak self] outcome in
            guard let self else { return }
            switch outcome {
            case let .text(body):
                if self.env.attempt({ () throws(OpsError) in try self.env.store.noteIncident(number, body: body, as: self.env.actor) }) != nil {
                    self.env.status.show("Note added to \(number).", .success)
                }
            case .cancelled: self.env.status.show("Note cancelled: it was empty, nothing was added.", .info)
            case let .failed(reason): self.env.status.show(reason, .error, seconds: 10)
            }
            _ = self.refresh(force: true)
        }
    }

    // MARK: - ModalHost

    func closeModal() {
        prompt = nil
        form = nil
    }

    func moveModalField(forward: Bool) {
        guard var open = form else { return }
        var state = open.form
        _ = state.handle(forward ? .tab : .backTab)
        open.form = state
        form = open
    }

    func typeInModal(_ key: Key) -> Bool {
        if var open = form {
            var state = open.form
            _ = state.handle(key)
            open.form = state
            form = open
            return true
        }
        guard var open = prompt else { return false }
        if open.kind.isCompose { _ = open.area.handle(key) } else { _ = open.field.handle(key) }
        open.error = nil
        prompt = open
        return true
    }

    func submitModal() {
        if form != nil { return submitForm() }
        guard let open = prompt else { return }
        let number = open.incident
        let text = open.text
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let (store, actor) = (env.store, env.actor)
        do throws(OpsError) {
            let message: String
            switch open.kind {
            case .note:
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw OpsError.invalid(field: "body", message: "write the note first; an empty note is not added.")
                }
                try store.noteIncident(number, body: text, as: actor)
                message = "Note added to \(number)."
            case .status:
                let incident = try store.setIncidentStatus(number, to: try IncidentStatus.parse(trimmed), expectedVersion: open.version, as: actor)
                message = "\(number) is \(incident.status) now."
            case .severity:
                let incident = try store.setIncidentSeverity(number, to: try IncidentSeverity.parse(trimmed), as: actor)
                message = "\(number) is \(incident.severity) now."
            case .role:
                let words = trimmed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                guard let first = words.first, words.count <= 2 else {
                    throw OpsError.invalid(field: "role", message: "write a role and a login, e.g. tech-lead bob (a role alone clears it).")
                }
                let role = try IncidentRole.parse(first)
                try store.setIncidentRole(number, role, to: words.count == 2 ? words[1] : nil, as: actor)
                message = words.count == 2 ? "\(words[1]) is \(role.title) of \(number)." : "\(number) has no \(role.title) now."
            case .link, .unlink:
                let link = try Self.link(trimmed)
                try store.linkIncident(number, link, unlink: open.kind == .unlink, as: actor)
                message = "\(open.kind == .unlink ? "Unlinked" : "Linked") \(Self.describe(link)) \(open.kind == .unlink ? "from" : "to") \(number)."
            case .checklist:
                try store.tickIncidentChecklist(number, item: trimmed, as: actor)
                message = "Ticked \(trimmed) on \(number)."
            case .evidence:
                guard !trimmed.isEmpty else { throw OpsError.invalid(field: "evidence", message: "write the evidence text first.") }
                let item = try store.addIncidentEvidence(number, text: text, as: actor)
                message = "Evidence \(item.id) added to \(number) (SHA-256 \(item.sha256.prefix(12))…)."
            case .postmortemSection:
                guard let section = Postmortem.Section(rawValue: trimmed.lowercased().replacingOccurrences(of: " ", with: "-")) else {
                    throw OpsError.invalid(field: "section", message: "\(Printable.excerpt(trimmed)) is not a section; sections are \(open.options.joined(separator: ", ")).")
                }
                prompt = IncidentPrompt(.postmortemText(section), incident: number, text: reading?.postmortem?.sections[section] ?? "")
                return
            case let .postmortemText(section):
                try store.editIncidentPostmortem(number, sections: [section: text], as: actor)
                message = "\(section.title) of \(number)'s postmortem saved."
            case .actionDone:
                let id = try Self.actionID(trimmed)
                try store.completeIncidentAction(number, action: id, as: actor)
                message = "Action item A\(id) of \(number) is done."
            }
            prompt = nil
            env.status.show(message, .success)
            _ = refresh(force: true)
        } catch {
            env.status.show(error)
            guard var still = prompt else { return }
            still.error = error.fieldErrors.first?.message ?? error.description
            prompt = still
        }
    }

    /// "12" or "#12" is an alert, "ESC-1042" a ticket.
    static func link(_ text: String) throws(OpsError) -> AppDatabase.IncidentLink {
        let bare = text.hasPrefix("#") ? String(text.dropFirst()) : text
        if let id = Int64(bare), id > 0 { return .alert(id) }
        if text.uppercased().hasPrefix(TicketNumber.prefix) { return .ticket(try TicketNumber.parse(text)) }
        throw OpsError.invalid(field: "link", message: "\(Printable.excerpt(text)) is neither an alert number nor a ticket (ESC-n).")
    }

    static func describe(_ link: AppDatabase.IncidentLink) -> String {
        switch link {
        case let .alert(id): "alert \(id)"
        case let .ticket(number): number.description
        }
    }
}
