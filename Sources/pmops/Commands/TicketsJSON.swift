import Foundation
import OpsCore
import OpsStore

/// `tickets … --json`: stable field names, timestamps in the store's ISO form.
struct TicketJSON: Encodable {
    var number, customer, title, category, priority, status, reporter, team, openedAt, updatedAt, updatedBy: String
    var contact, vendor, assignee, parent, firstResponseAt, lastUpdateOutAt, resolvedAt, closedAt, resolution: String?
    var csat: Int?
    var version: Int
    var slaNext: String?
    var slaDue: String?
    var slaBreached: Bool?

    enum CodingKeys: String, CodingKey {
        case number, customer, title, category, priority, status, reporter, team, contact, vendor, assignee, parent, resolution, csat, version
        case openedAt = "opened_at", updatedAt = "updated_at", updatedBy = "updated_by", firstResponseAt = "first_response_at"
        case lastUpdateOutAt = "last_update_out_at", resolvedAt = "resolved_at", closedAt = "closed_at"
        case slaNext = "sla_next", slaDue = "sla_due", slaBreached = "sla_breached"
    }

    init(_ t: Ticket, sla: SLAStatus? = nil) {
        number = t.number.description; customer = t.customerID; title = t.title; category = t.category.rawValue
        priority = t.priority.description; status = t.status.rawValue; reporter = t.reporter; team = t.team
        openedAt = Timestamp.format(t.openedAt); updatedAt = Timestamp.format(t.updatedAt); updatedBy = t.updatedBy
        contact = t.contactEmail; vendor = t.vendor; assignee = t.assignee; parent = t.parent?.description
        firstResponseAt = t.firstResponseAt.map(Timestamp.format); lastUpdateOutAt = t.lastUpdateOutAt.map(Timestamp.format)
        resolvedAt = t.resolvedAt.map(Timestamp.format); closedAt = t.closedAt.map(Timestamp.format); resolution = t.resolution
        csat = t.csat; version = t.version
        slaNext = sla?.nextDue?.kind.rawValue; slaDue = sla?.nextDue.map { Timestamp.format($0.due) }; slaBreached = sla?.isBreached
    }
}

struct TicketEntryJSON: Encodable {
    var id: Int64
    var kind, author, body, at: String
    init(_ e: TicketEntry) {
        id = e.id; kind = e.kind.rawValue; author = e.author; body = e.body; at = Timestamp.format(e.at)
    }
}

struct TicketDetailJSON: Encodable {
    var ticket: TicketJSON
    var entries: [TicketEntryJSON]
    var alerts: [Int64]
    var children: [String]
    init(_ d: TicketDetail) {
        ticket = TicketJSON(d.ticket, sla: d.sla); entries = d.entries.map(TicketEntryJSON.init); alerts = d.alerts
        children = d.children.map(\.description)
    }
}

struct CustomerJSON: Encodable {
    var id, name, plan, status, created: String
    var successManager: String?
    var contacts: [CustomerContact]

    enum CodingKeys: String, CodingKey {
        case id, name, plan, status, created, contacts
        case successManager = "success_manager"
    }

    init(_ c: Customer) {
        id = c.id; name = c.name; plan = c.plan.rawValue; status = c.status.rawValue; created = Timestamp.format(c.created)
        successManager = c.successManager; contacts = c.contacts
    }
}
