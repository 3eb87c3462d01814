import Foundation
import OpsCore
import OpsStore
import TermUI

/// "Declare incident" from the selected alerts (or the cursor row, or the alert shown): a
/// form with the title (the first alert's summary), category, severity (from the worst
/// alert) and commander (you). Saving is `declareIncident`, the call `pmops incidents
/// declare --alert …` makes: one transaction with the alerts linked, their services taken
/// from their labels, the responders paged and the audit row.
public struct DeclareIncidentForm: Equatable {
    public var form: FormState
    public var alertIDs: [Int64]
    public var error: String?

    init(alerts: [Int64], first: AlertRecord?, worst: AlertSeverity?, commander: String) {
        alertIDs = alerts
        let severity: IncidentSeverity = switch worst {
        case .critical?: .sev2
        case .warning?: .sev3
        default: .sev4
        }
        form = FormState(fields: [
            FormField(label: "Title", text: first?.summary ?? "", maxLength: 200, placeholder: "what is broken, as the status page would say"),
            FormField(label: "Category", text: IncidentCategory.outage.rawValue, maxLength: 32,
                      placeholder: IncidentCategory.allCases.map(\.rawValue).joined(separator: ", ")),
            FormField(label: "Severity", text: severity.description, maxLength: 8, placeholder: "SEV-1, SEV-2, SEV-3 or SEV-4"),
            FormField(label: "Commander", text: commander, maxLength: 64, placeholder: "login of the incident commander"),
        ])
    }

    /// The incident the form describes; a field error names the field to fix.
    func newIncident() throws(OpsError) -> NewIncident {
        let category = try IncidentCategory.parse(form.fields[1].text.trimmingCharacters(in: .whitespaces))
        let severity = try IncidentSeverity.parse(form.fields[2].text)
        let commander = form.fields[3].text.trimmingCharacters(in: .whitespaces)
        guard !commander.isEmpty else { throw OpsError.invalid(field: "commander", message: "name the incident commander (a login).") }
        return NewIncident(title: form.fields[0].text, category: category, severity: severity, roles: [.commander: commander], alerts: alertIDs)
    }

    /// From nothing (the Incidents pane's `n`): no alert or ticket yet, SEV-3 until the
    /// declarer says otherwise.
    init(commander: String) {
        self.init(alerts: [], first: nil, worst: .warning, commander: commander)
    }

    /// The dialog, for the Alerts pane (from its alerts) and the Incidents pane (from nothing).
    func render(title: String, intro: String, into buffer: inout ScreenBuffer, area: Rect, theme: Theme, capabilities: TerminalCapabilities) {
        let height = min(area.height, Form().fieldRows(for: form).last.map { $0 + 2 + 4 } ?? 10)
        let rect = area.centered(width: min(area.width, 84), height: height)
        let inner = ModalChrome.frame(rect, title: title, theme: theme, into: &buffer, capabilities: capabilities)
        guard inner.height >= 3 else { return }
        buffer.put(intro, x: inner.x + 1, y: inner.y, style: theme[.textDim], maxWidth: inner.width - 2)
        Form().render(into: &buffer, area: Rect(x: inner.x + 1, y: inner.y + 2, width: inner.width - 2, height: max(0, inner.height - 3)),
                      theme: theme, state: form, capabilities: capabilities)
        ModalChrome.footer(error, hint: "Enter declares · Tab next field · Esc cancels", inner: inner, theme: theme, into: &buffer)
    }

    mutating func show(_ error: OpsError) {
        self.error = form.show(error) { field in
            switch field {
            case "title": 0
            case "category", "class": 1
            case "severity": 2
            case "commander", "role": 3
            default: nil
            }
        }
    }
}

extension AlertsPane {
    func openDeclareForm() {
        let ids = targetIDs()
        guard !ids.isEmpty else {
            env.status.show("Select alerts (space) or put the cursor on one to declare an incident from them.", .info)
            return
        }
        let known = loadedAlerts(ids)
        let worst = known.map(\.severity).min()
        let commander = (try? env.store.whoAmI(env.actor))?.login ?? env.actor.effectiveLogin
        modal = .declare(DeclareIncidentForm(alerts: ids, first: known.first, worst: worst, commander: commander))
    }

    /// The alerts among `ids` already on screen (the form only uses them for its defaults).
    func loadedAlerts(_ ids: [Int64]) -> [AlertRecord] {
        if let shown = detail?.alert, ids == [shown.id] { return [shown] }
        let rows = queue.window.rows + groupRows.compactMap { if case let .alert(a) = $0 { a } else { nil } }
        let wanted = Set(ids)
        return ids.compactMap { id in rows.first { $0.id == id && wanted.contains(id) } }
    }

    func submit(_ d: DeclareIncidentForm) {
        var d = d
        do throws(OpsError) {
            let incident = try env.store.declareIncident(try d.newIncident(), as: env.actor)
            modal = .none
            marked = []
            env.status.show("Declared \(incident.number) (\(incident.severity)) with \(d.alertIDs.count) alert\(d.alertIDs.count == 1 ? "" : "s") linked.", .success)
            reload()
        } catch {
            d.show(error)
            env.status.show(error)
            modal = .declare(d)
        }
    }

    func renderDeclareForm(_ d: DeclareIncidentForm, into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let what = d.alertIDs.count == 1 ? "alert \(d.alertIDs[0])" : "\(d.alertIDs.count) alerts"
        d.render(title: "Declare an incident from \(what)", intro: "The alerts are linked to it and its responders paged.",
                 into: &buffer, area: area, theme: env.theme, capabilities: capabilities)
    }
}
