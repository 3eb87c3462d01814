import Foundation
import OpsCore
import OpsStore
import TermUI

/// The Incidents pane's multi-field dialogs: declaring from nothing (the form the Alerts
/// pane uses, without alerts) and adding an action item. Each saves through the store call
/// the CLI makes (`incidents declare`, `incidents actions add`): one transaction with its
/// audit row; a refusal stays in the form under the field it names.
enum IncidentForm: Equatable {
    case declare(DeclareIncidentForm)
    case action(ActionItemForm)

    var form: FormState {
        get {
            switch self {
            case let .declare(d): d.form
            case let .action(a): a.form
            }
        }
        set {
            switch self {
            case var .declare(d):
                d.form = newValue
                d.error = nil
                self = .declare(d)
            case var .action(a):
                a.form = newValue
                a.error = nil
                self = .action(a)
            }
        }
    }
}

/// What to do, who owns it, when it is due ("14d" from now, or a UTC time).
struct ActionItemForm: Equatable {
    var incident: IncidentNumber
    var form: FormState
    var error: String?

    init(incident: IncidentNumber, owner: String) {
        self.incident = incident
        form = FormState(fields: [
            FormField(label: "Action", text: "", maxLength: 200, placeholder: "what to change so it does not happen again"),
            FormField(label: "Owner", text: owner, maxLength: 64, placeholder: "login of who does it"),
            FormField(label: "Due", text: "14d", maxLength: 32, placeholder: "a duration from now (14d) or a UTC time"),
        ])
    }

    func values(now: Date) throws(OpsError) -> (title: String, owner: String, due: Date) {
        let title = form.fields[0].text, owner = form.fields[1].text.trimmingCharacters(in: .whitespaces)
        var errors: [FieldError] = []
        do { _ = try IncidentValidation.title(title) } catch { errors += error.fieldErrors.map { FieldError(field: "action", message: $0.message) } }
        if owner.isEmpty { errors.append(FieldError(field: "owner", message: "give the owner's login.")) }
        var due: Date?
        do { due = try InputLimits.ahead(form.fields[2].text.trimmingCharacters(in: .whitespaces), field: "due", now: now) } catch {
            errors += error.fieldErrors.isEmpty ? [FieldError(field: "due", message: error.description)] : error.fieldErrors
        }
        if !errors.isEmpty { throw .invalidFields(errors) }
        guard let due else { throw .invalid(field: "due", message: "give a due date.") }
        return (title, owner, due)
    }

    mutating func show(_ error: OpsError) {
        self.error = form.show(error) { field in
            switch field {
            case "action", "title": 0
            case "owner": 1
            case "due": 2
            default: nil
            }
        }
    }
}

extension IncidentsPane {
    func openDeclareForm() {
        let commander = (try? env.store.whoAmI(env.actor))?.login ?? env.actor.effectiveLogin
        form = .declare(DeclareIncidentForm(commander: commander))
    }

    func openActionForm() {
        guard let number, reading != nil else { return }
        let owner = (try? env.store.whoAmI(env.actor))?.login ?? env.actor.effectiveLogin
        form = .action(ActionItemForm(incident: number, owner: owner))
    }

    /// `.` in the postmortem: the open action items offered, the first prefilled.
    func beginActionDone() {
        guard let number, let d = reading else { return }
        let open = d.actionItems.filter { $0.doneAt == nil }.map { "A\($0.id)" }
        guard let first = open.first else {
            env.status.show("\(number) has no open action item (n adds one).", .info)
            return
        }
        prompt = IncidentPrompt(.actionDone, incident: number, text: first, options: open)
    }

    /// "A12" or "12".
    static func actionID(_ text: String) throws(OpsError) -> Int64 {
        let bare = text.uppercased().hasPrefix("A") ? String(text.dropFirst()) : text
        guard let id = Int64(bare), id > 0 else {
            throw OpsError.invalid(field: "action", message: "\(Printable.excerpt(text)) is not an action item; write its number, e.g. A12.")
        }
        return id
    }

    func submitForm() {
        guard let dialog = form else { return }
        let (store, actor) = (env.store, env.actor)
        switch dialog {
        case var .declare(d):
            do throws(OpsError) {
                let incident = try store.declareIncident(try d.newIncident(), as: actor)
                form = nil
                env.status.show("Declared \(incident.number) (\(incident.severity)); its responders are paged.", .success)
                reload(resetSelection: false)
                open(incident.number, resetCursor: true)
                view = .timeline
            } catch {
                d.show(error)
                env.status.show(error)
                form = .declare(d)
            }
        case var .action(a):
            do throws(OpsError) {
                let v = try a.values(now: env.clock.now())
                try store.addIncidentAction(a.incident, title: v.title, owner: v.owner, due: v.due, as: actor)
                form = nil
                env.status.show("Action item for \(v.owner) added to \(a.incident), due \(env.shortDate(v.due)).", .success)
                _ = refresh(force: true)
            } catch {
                a.show(error)
                env.status.show(error)
                form = .action(a)
            }
        }
    }

    func renderForm(_ dialog: IncidentForm, into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        switch dialog {
        case let .declare(d):
            d.render(title: "Declare an incident", intro: "From nothing: link alerts and tickets later (&). Its responders are paged.",
                     into: &buffer, area: area, theme: theme, capabilities: capabilities)
        case let .action(a):
            let height = min(area.height, Form().fieldRows(for: a.form).last.map { $0 + 2 + 4 } ?? 10)
            let rect = area.centered(width: min(area.width, 84), height: height)
            let inner = ModalChrome.frame(rect, title: "New action item on \(a.incident)", theme: theme, into: &buffer, capabilities: capabilities)
            guard inner.height >= 3 else { return }
            buffer.put("Tracked across incidents; its owner is reminded through the outbox when due.", x: inner.x + 1, y: inner.y,
                       style: theme[.textDim], maxWidth: inner.width - 2)
            Form().render(into: &buffer, area: Rect(x: inner.x + 1, y: inner.y + 2, width: inner.width - 2, height: max(0, inner.height - 3)),
                          theme: theme, state: a.form, capabilities: capabilities)
            ModalChrome.footer(a.error, hint: "Enter adds it · Tab next field · Esc cancels", inner: inner, theme: theme, into: &buffer)
        }
    }
}
