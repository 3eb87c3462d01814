import Foundation
import OpsCore
import OpsStore
import TermUI

/// "Open ticket for customer…" from an alert's detail: a form prefilled from the alert
/// (the customer from its `tenant` label, a category guessed by `TicketFromAlert`, a
/// priority from its severity, its summary as the title). Saving opens the ticket with
/// the alert linked, in one transaction with its audit row.
public struct TicketFromAlertForm: Equatable {
    public var form: FormState
    public var alertID: Int64
    public var error: String?

    init(alert: AlertRecord) {
        alertID = alert.id
        let category = TicketFromAlert.category(rule: alert.rule, labels: alert.labels, summary: alert.summary)
        form = FormState(fields: [
            FormField(label: "Customer", text: alert.labels[TicketFromAlert.tenantLabel] ?? "", maxLength: 64,
                      placeholder: "customer id (the alert has no tenant label)"),
            FormField(label: "Category", text: category.rawValue, maxLength: 32,
                      placeholder: TicketCategory.allCases.map(\.rawValue).joined(separator: ", ")),
            FormField(label: "Priority", text: TicketFromAlert.priority(severity: alert.severity).description, maxLength: 4,
                      placeholder: "P1, P2, P3 or P4"),
            FormField(label: "Title", text: alert.summary, maxLength: 200, placeholder: "what the customer sees"),
        ])
    }

    var customer: String { form.fields[0].text.trimmingCharacters(in: .whitespaces).lowercased() }

    /// The ticket the form describes; a field error names the field to fix.
    func newTicket() throws(OpsError) -> NewTicket {
        let typed = form.fields[1].text
        guard let category = TicketCategory(name: typed) else {
            throw OpsError.invalid(field: "category", message: "\(Printable.excerpt(typed)) is not a category; use one of "
                + TicketCategory.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        guard !customer.isEmpty else { throw OpsError.invalid(field: "customer", message: "name the customer (its id).") }
        let priority = try TicketPriority.parse(form.fields[2].text.trimmingCharacters(in: .whitespaces))
        return NewTicket(customer: customer, title: form.fields[3].text, category: category, priority: priority, alert: alertID)
    }

    mutating func show(_ error: OpsError) {
        self.error = form.show(error) { field in
            switch field {
            case "customer": 0
            case "category": 1
            case "priority": 2
            case "title": 3
            default: nil
            }
        }
    }
}

extension AlertsPane {
    func openTicketForm() {
        guard let alert = detail?.alert else { return }
        modal = .ticket(TicketFromAlertForm(alert: alert))
    }

    func submit(_ t: TicketFromAlertForm) {
        var t = t
        do throws(OpsError) {
            let ticket = try env.store.openTicket(try t.newTicket(), as: env.actor)
            modal = .none
            env.status.show("Opened \(ticket.number) for \(ticket.customerID) with alert \(t.alertID) linked.", .success)
        } catch {
            t.show(error)
            env.status.show(error)
            modal = .ticket(t)
        }
    }

    func renderTicketForm(_ t: TicketFromAlertForm, into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let height = min(area.height, Form().fieldRows(for: t.form).last.map { $0 + 2 + 4 } ?? 10)
        let rect = area.centered(width: min(area.width, 84), height: height)
        let inner = ModalChrome.frame(rect, title: "Open a ticket for the customer of alert \(t.alertID)", theme: theme, into: &buffer,
                                      capabilities: capabilities)
        guard inner.height >= 3 else { return }
        buffer.put("The alert is linked to the new ticket; the customer's contact is not mailed.", x: inner.x + 1, y: inner.y,
                   style: theme[.textDim], maxWidth: inner.width - 2)
        Form().render(into: &buffer, area: Rect(x: inner.x + 1, y: inner.y + 2, width: inner.width - 2, height: max(0, inner.height - 3)),
                      theme: theme, state: t.form, capabilities: capabilities)
        ModalChrome.footer(t.error, hint: "Enter opens the ticket · Tab next field · Esc cancels", inner: inner, theme: theme, into: &buffer)
    }
}
