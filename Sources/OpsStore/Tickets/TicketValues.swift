import Foundation
import OpsCore

/// What `tickets open` asks for.
public struct NewTicket: Sendable, Equatable {
    public var customer: String
    /// A contact of that customer; nil when staff open the ticket on the customer's behalf.
    public var contactEmail: String?
    public var title: String
    public var category: TicketCategory
    public var priority: TicketPriority
    /// The first message: the customer's words, kept exactly (sanitised only on screen).
    public var body: String?
    public var assignee: String?
    /// An alert that explains the problem, linked in the same transaction (a ticket
    /// opened from the Alert queue).
    public var alert: Int64?

    public init(customer: String, contactEmail: String? = nil, title: String, category: TicketCategory, priority: TicketPriority,
                body: String? = nil, assignee: String? = nil, alert: Int64? = nil) {
        self.alert = alert
        self.customer = customer
        self.contactEmail = contactEmail
        self.title = title
        self.category = category
        self.priority = priority
        self.body = body
        self.assignee = assignee
    }
}

/// Which tickets a list shows. Empty fields do not filter; `statuses` nil means the open ones.
public struct TicketFilter: Sendable, Equatable {
    public var statuses: Set<TicketStatus>?
    public var assignee: String?
    public var team: String?
    public var priority: TicketPriority?
    public var category: TicketCategory?
    public var customer: String?
    public var breachedOnly = false
    /// Words in the title or the customer's name or id, or a ticket number (the queue's `/`).
    public var text: String?
    public var limit = 1_000

    public init(statuses: Set<TicketStatus>? = nil, assignee: String? = nil, team: String? = nil, priority: TicketPriority? = nil,
                category: TicketCategory? = nil, customer: String? = nil, breachedOnly: Bool = false, text: String? = nil, limit: Int = 1_000) {
        self.statuses = statuses
        self.assignee = assignee
        self.team = team
        self.priority = priority
        self.category = category
        self.customer = customer
        self.breachedOnly = breachedOnly
        self.text = text
        self.limit = limit
    }
}

/// One row of the queue: the ticket, its customer's name and its clocks now.
public struct TicketSummary: Sendable, Equatable {
    public var ticket: Ticket
    public var customerName: String
    public var sla: SLAStatus
    public init(ticket: Ticket, customerName: String, sla: SLAStatus) {
        self.ticket = ticket
        self.customerName = customerName
        self.sla = sla
    }
}

/// Everything `tickets show` and the detail view need.
public struct TicketDetail: Sendable, Equatable {
    public var ticket: Ticket
    public var customer: Customer
    public var entries: [TicketEntry]
    public var alerts: [Int64]
    public var children: [TicketNumber]
    public var sla: SLAStatus
}
