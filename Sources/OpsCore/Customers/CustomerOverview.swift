import Foundation

/// One customer as the Customers pane lists it: the directory record with its money, its
/// open tickets and its last incident, read from the store in one pass so every column can
/// be sorted and filtered without another query.
public struct CustomerOverview: Sendable, Equatable {
    /// Where the customer stands with billing, worst last: the list's billing column.
    public enum BillingStatus: String, CaseIterable, Sendable, Comparable {
        /// No Stripe customer is linked to this directory entry.
        case unlinked
        /// Linked, nothing unpaid.
        case current
        /// An invoice is unpaid after at least one failed attempt (the dunning queue).
        case pastDue = "past-due"
        /// A dispute waits for evidence.
        case disputed

        var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

        public var title: String {
            switch self {
            case .unlinked: "—"
            case .current: "current"
            case .pastDue: "past due"
            case .disputed: "disputed"
            }
        }
    }

    public var customer: Customer
    /// Monthly recurring revenue of its active subscriptions (yearly ones divided by 12), in
    /// the currency of the largest; nil when it has none.
    public var mrr: Money?
    public var billing: BillingStatus
    /// Unpaid after a failed attempt, in minor units of `mrr`'s currency or the invoice's.
    public var pastDue: Money?
    public var openTickets: Int
    /// The most urgent open ticket's priority (1 = P1), nil with none open.
    public var topPriority: Int?
    public var lastIncidentNumber: Int?
    public var lastIncidentAt: Date?

    public init(customer: Customer, mrr: Money? = nil, billing: BillingStatus = .unlinked, pastDue: Money? = nil,
                openTickets: Int = 0, topPriority: Int? = nil, lastIncidentNumber: Int? = nil, lastIncidentAt: Date? = nil) {
        self.customer = customer
        self.mrr = mrr
        self.billing = billing
        self.pastDue = pastDue
        self.openTickets = openTickets
        self.topPriority = topPriority
        self.lastIncidentNumber = lastIncidentNumber
        self.lastIncidentAt = lastIncidentAt
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.customer == b.customer && a.mrr == b.mrr && a.billing == b.billing && a.pastDue == b.pastDue && a.openTickets == b.openTickets
            && a.topPriority == b.topPriority && a.lastIncidentNumber == b.lastIncidentNumber && a.lastIncidentAt == b.lastIncidentAt
    }
}

/// The list's filters and sort orders, and the rule that applies them: pure, so a table of
/// cases pins what each one keeps and in which order.
public enum CustomerListRule {
    public enum Filter: Equatable, Sendable {
        case all
        /// Past due or disputed.
        case billingTrouble
        /// The acting account is their success manager.
        case mine(String)
        case plan(Customer.Plan)
        /// Open tickets at P1 or P2.
        case urgentTickets
    }

    public enum Sort: String, CaseIterable, Sendable {
        case name, plan, manager, mrr, billing, tickets, incident

        public var title: String {
            switch self {
            case .name: "name"
            case .plan: "plan"
            case .manager: "success manager"
            case .mrr: "MRR"
            case .billing: "billing status"
            case .tickets: "open tickets"
            case .incident: "last incident"
            }
        }
    }

    /// An amount in its currency's major units (¥1,000 is 1,000, $10.00 is 10), for ordering
    /// only: pmops holds no exchange rates, so a list mixing currencies orders by face value.
    public static func majorUnits(_ money: Money) -> Double {
        Double(money.minor) / pow(10, Double(Money.exponent(of: money.currency)))
    }

    public static func keeps(_ row: CustomerOverview, _ filter: Filter) -> Bool {
        switch filter {
        case .all: true
        case .billingTrouble: row.billing >= .pastDue
        case let .mine(login): row.customer.successManager == login
        case let .plan(plan): row.customer.plan == plan
        case .urgentTickets: (row.topPriority ?? 5) <= 2
        }
    }

    /// Text typed with `/`: the id, name, success manager or a contact's name or address.
    public static func matches(_ row: CustomerOverview, text: String) -> Bool {
        guard !text.isEmpty else { return true }
        let needle = text.lowercased()
        let c = row.customer
        return ([c.id, c.name, c.successManager ?? ""] + c.contacts.flatMap { [$0.name, $0.email] }).contains { $0.lowercased().contains(needle) }
    }

    /// Sorted by `sort`; the "natural" direction puts what needs attention first (most MRR,
    /// worst billing, most tickets, latest incident), `reversed` flips it. Ties by name, then id.
    public static func sorted(_ rows: [CustomerOverview], by sort: Sort, reversed: Bool = false) -> [CustomerOverview] {
        func tie(_ a: CustomerOverview, _ b: CustomerOverview) -> Bool {
            let (x, y) = (a.customer.name.lowercased(), b.customer.name.lowercased())
            return x != y ? x < y : a.customer.id < b.customer.id
        }
        func ordered(_ a: CustomerOverview, _ b: CustomerOverview) -> Bool? {
            switch sort {
            case .name: return nil
            case .plan:
                let (x, y) = (Customer.Plan.allCases.firstIndex(of: a.customer.plan) ?? 0, Customer.Plan.allCases.firstIndex(of: b.customer.plan) ?? 0)
                return x == y ? nil : x > y
            case .manager:
                let (x, y) = (a.customer.successManager ?? "\u{10FFFF}", b.customer.successManager ?? "\u{10FFFF}")
                return x == y ? nil : x < y
            case .mrr:
                let (x, y) = (a.mrr.map(majorUnits) ?? -1, b.mrr.map(majorUnits) ?? -1)
                return x == y ? nil : x > y
            case .billing:
                return a.billing == b.billing ? nil : a.billing > b.billing
            case .tickets:
                let (x, y) = ((a.openTickets, -(a.topPriority ?? 5)), (b.openTickets, -(b.topPriority ?? 5)))
                return x == y ? nil : x > y
            case .incident:
                let (x, y) = (a.lastIncidentAt ?? .distantPast, b.lastIncidentAt ?? .distantPast)
                return x == y ? nil : x > y
            }
        }
        return rows.sorted { a, b in
            if let first = ordered(a, b) { return first != reversed }
            return tie(a, b) != (reversed && sort == .name)
        }
    }
}
