import Foundation
import OpsCore
import OpsStore
import TermUI

extension CustomersPane {
    public func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        if let reading {
            let inner = Box(title: "\(reading.customer.name) (\(reading.customer.id))", trailingTitle: "Esc back")
                .render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
            detail.render(lines(for: reading), in: inner, theme: theme, into: &buffer)
        } else {
            renderList(into: &buffer, area: area)
        }
    }

    /// "state: billing trouble · plan: growth · mine · sort: MRR ↓".
    var filterSummary: String {
        var parts = ["\(list.rowCount) of \(overview.rows.count)"]
        if state != .all { parts.append(state.title) }
        if let plan { parts.append("plan \(plan.rawValue)") }
        if mine { parts.append("mine") }
        parts.append("sort \(sort.title)\(reversed ? " ↑" : " ↓")")
        return parts.joined(separator: " · ")
    }

    func renderList(into buffer: inout ScreenBuffer, area: Rect) {
        let theme = env.theme
        var x = area.x + 1
        x += buffer.put("Customers  \(filterSummary)   Filter ", x: x, y: area.y, style: theme[.title], maxWidth: max(0, area.maxX - x))
        if let field = list.filterField {
            _ = TextField(focused: true, placeholder: "id, name, manager or contact")
                .render(into: &buffer, area: Rect(x: x, y: area.y, width: min(34, max(0, area.maxX - x)), height: 1), theme: theme, state: field)
        } else if x < area.maxX {
            buffer.put(filterText.isEmpty ? "none (/)" : "\"\(filterText)\"", x: x, y: area.y,
                       style: theme[filterText.isEmpty ? .textDim : .highlight], maxWidth: max(0, area.maxX - x))
        }
        let wide = area.width >= 110
        var columns = [TableColumn("CUSTOMER", width: .flex(3)), TableColumn("PLAN", width: .fixed(10))]
        if wide { columns.append(TableColumn("MANAGER", width: .min(8))) }
        columns += [TableColumn("MRR", width: .fixed(12), alignment: .right), TableColumn("BILLING", width: .fixed(9)),
                    TableColumn("TICKETS", width: .fixed(7), alignment: .right)]
        if wide { columns.append(TableColumn("LAST INCIDENT", width: .fixed(20))) }
        let empty = overview.rows.isEmpty ? "No customer in the directory yet: pmops customers import FILE." : "No customer matches these filters (X clears them)."
        let widget = Table(columns: columns, focused: true, emptyMessage: empty)
        let rows = list.window
        let (billing, incidents) = (overview.billingVisible, overview.incidentsVisible)
        let env = self.env
        let now = env.clock.now()
        list.render(into: &buffer, area: area, widget: widget, theme: theme) { index -> [TableCell] in
            guard let row = rows[index] else { return [TableCell("…")] }
            let c = row.customer
            var cells = [TableCell(c.name, style: c.status == .churned || c.status == .suspended ? .textDim : .text),
                         TableCell(c.plan.rawValue + (c.status == .active ? "" : " (\(c.status.rawValue))"), style: .textDim)]
            if wide { cells.append(TableCell(c.successManager ?? "—", style: .textDim)) }
            cells += [TableCell(billing ? (row.mrr?.formatted ?? "—") : "hidden", style: billing ? .text : .textDim),
                      TableCell(billing ? row.billing.title : "hidden", style: Self.billingStyle(row.billing, visible: billing)),
                      TableCell(row.openTickets == 0 ? "—" : "\(row.openTickets)" + (row.topPriority.map { " P\($0)" } ?? ""),
                                style: (row.topPriority ?? 5) <= 2 ? .severityWarning : .text)]
            if wide {
                let incident = incidents ? row.lastIncidentNumber.map { n in
                    "INC-\(n)" + (row.lastIncidentAt.map { " · \(DurationText.text(max(0, now.timeIntervalSince($0)))) ago" } ?? "")
                } ?? "—" : "hidden"
                cells.append(TableCell(incident, style: .textDim))
            }
            return cells
        }
    }

    static func billingStyle(_ status: CustomerOverview.BillingStatus, visible: Bool) -> ThemeKey {
        guard visible else { return .textDim }
        switch status {
        case .disputed, .pastDue: return .severityCritical
        case .current: return .text
        case .unlinked: return .textDim
        }
    }

    func lines(for row: CustomerOverview) -> [DetailLine] {
        let c = row.customer
        let now = env.clock.now()
        var out: [DetailLine] = [.title("\(c.name) · \(c.plan.rawValue) · \(c.status.rawValue)")]
        out.append(DetailLine(label: "Manager", value: c.successManager ?? "none named"))
        out.append(DetailLine(label: "Since", value: env.shortDate(c.created)))
        for contact in c.contacts { out.append(DetailLine(label: "Contact", value: "\(contact.name) <\(contact.email)>")) }
        out += [.blank, .title("Money")]
        if overview.billingVisible {
            out.append(DetailLine(label: "MRR", value: row.mrr?.formatted ?? "no active subscription"))
            out.append(DetailLine(label: "Billing", value: row.billing == .unlinked ? "no Stripe customer linked (pmops billing link)" : row.billing.title,
                                  style: Self.billingStyle(row.billing, visible: true)))
            if let owed = row.pastDue { out.append(DetailLine(label: "Past due", value: "\(owed.formatted) unpaid after a failed payment (pmops billing dunning)", style: .severityCritical)) }
        } else {
            out.append(DetailLine(label: "Billing", value: "hidden: needs billing.read", style: .textDim))
        }
        out += [.blank, .title("Open tickets (\(row.openTickets))")]
        if readingTickets.isEmpty { out.append(DetailLine(label: "", value: "No open ticket.", style: .textDim)) }
        for t in readingTickets {
            let s = t.ticket
            out.append(DetailLine(label: s.number.description, value: "P\(s.priority.rawValue) · \(s.status.rawValue) · \(s.title) · \(s.assignee ?? "unassigned")",
                                  style: s.priority.rawValue <= 2 ? .severityWarning : .text))
        }
        out += [.blank, .title("Incidents")]
        if !overview.incidentsVisible {
            out.append(DetailLine(label: "Last incident", value: "hidden: needs incidents.read", style: .textDim))
        } else if let number = row.lastIncidentNumber {
            let age = row.lastIncidentAt.map { " (detected \(env.shortDate($0)), \(DurationText.text(max(0, now.timeIntervalSince($0)))) ago)" } ?? ""
            out.append(DetailLine(label: "Last incident", value: "INC-\(number)\(age)"))
        } else {
            out.append(DetailLine(label: "Last incident", value: "none has named this customer", style: .textDim))
        }
        out += [.blank, DetailLine(label: "Keys", value: "Esc back · the Tickets pane's K filters its queue to this customer", style: .textDim)]
        return out
    }
}
