import Foundation

/// A customer escalation: one problem of one customer, owned by a team, on SLA clocks.
public struct Ticket: Sendable, Equatable, Codable {
    public var number: TicketNumber
    public var customerID: String
    /// The contact who raised it and receives updates; nil when staff opened it for the customer.
    public var contactEmail: String?
    public var title: String
    public var category: TicketCategory
    public var priority: TicketPriority
    public var status: TicketStatus
    /// The third party named while waiting on a vendor.
    public var vendor: String?
    public var reporter: String
    public var assignee: String?
    public var team: String
    /// The multi-customer outage ticket this one hangs under.
    public var parent: TicketNumber?
    public var openedAt: Date
    public var updatedAt: Date
    /// Who made the last change: what "changed by X at T" names on a conflict.
    public var updatedBy: String
    public var firstResponseAt: Date?
    public var lastUpdateOutAt: Date?
    public var resolvedAt: Date?
    public var closedAt: Date?
    public var resolution: String?
    public var csat: Int?
    /// Bumped by every change; a status change carrying an older one is refused (exit 5).
    public var version: Int

    public init(number: TicketNumber, customerID: String, contactEmail: String? = nil, title: String,
                category: TicketCategory, priority: TicketPriority, status: TicketStatus = .new, vendor: String? = nil,
                reporter: String, assignee: String? = nil, team: String, parent: TicketNumber? = nil, openedAt: Date,
                updatedAt: Date? = nil, updatedBy: String? = nil, firstResponseAt: Date? = nil, lastUpdateOutAt: Date? = nil,
                resolvedAt: Date? = nil, closedAt: Date? = nil, resolution: String? = nil, csat: Int? = nil, version: Int = 1) {
        self.number = number
        self.customerID = customerID
        self.contactEmail = contactEmail
        self.title = title
        self.category = category
        self.priority = priority
        self.status = status
        self.vendor = vendor
        self.reporter = reporter
        self.assignee = assignee
        self.team = team
        self.parent = parent
        self.openedAt = openedAt
        self.updatedAt = updatedAt ?? openedAt
        self.updatedBy = updatedBy ?? reporter
        self.firstResponseAt = firstResponseAt
        self.lastUpdateOutAt = lastUpdateOutAt
        self.resolvedAt = resolvedAt
        self.closedAt = closedAt
        self.resolution = resolution
        self.csat = csat
        self.version = version
    }
}
