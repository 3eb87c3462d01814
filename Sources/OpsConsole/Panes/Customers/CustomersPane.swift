import Foundation
import OpsCore
import OpsStore
import TermUI

/// Customers as success managers, finance and support meet them: the directory with each
/// customer's MRR, billing status, open tickets and last incident, sorted by any column and
/// filtered by trouble, plan or "mine"; Enter shows one customer on one screen. It only reads:
/// one store call builds every row (`customerOverview`), reloaded when the store changes.
@MainActor public final class CustomersPane: Pane {
    /// The state filters `S` cycles through.
    enum State: CaseIterable {
        case all, billingTrouble, urgentTickets

        var title: String {
            switch self {
            case .all: "all"
            case .billingTrouble: "billing trouble"
            case .urgentTickets: "urgent tickets"
            }
        }
    }

    let env: ConsoleEnvironment
    var list = PagedTable<CustomerOverview>()
    var overview = CustomerOverviewList(rows: [], billingVisible: false, incidentsVisible: false)
    var filterText = ""
    var state = State.all
    var plan: Customer.Plan?
    var mine = false
    var sort = CustomerListRule.Sort.name
    var reversed = false
    /// The customer shown in the detail view, nil in the list, and its open tickets.
    var reading: CustomerOverview?
    var readingTickets: [TicketSummary] = []
    var detail = DetailView()
    var token: Int64 = -1

    public init(env: ConsoleEnvironment) { self.env = env }

    public var title: String { "Customers" }
    public var scopes: [CommandScope] {
        if list.isFiltering { return [.form] }
        return reading == nil ? [.customersList, .customers, .list] : [.customers]
    }
    public var capturesText: Bool { list.isFiltering }

    public func layout(area: Rect) {
        list.layout(area: area)
        detail.layout(area: area)
    }

    // MARK: - Data

    /// The rows the filters keep, in the chosen order.
    var visible: [CustomerOverview] {
        var filters: [CustomerListRule.Filter] = []
        switch state {
        case .all: break
        case .billingTrouble: filters.append(.billingTrouble)
        case .urgentTickets: filters.append(.urgentTickets)
        }
        if let plan { filters.append(.plan(plan)) }
        if mine { filters.append(.mine(env.actor.effectiveLogin)) }
        let kept = overview.rows.filter { row in
            CustomerListRule.matches(row, text: filterText) && filters.allSatisfy { CustomerListRule.keeps(row, $0) }
        }
        return CustomerListRule.sorted(kept, by: sort, reversed: reversed)
    }

    public func refresh(force: Bool) -> Bool {
        let current = (try? env.store.changeToken()) ?? token
        guard force || current != token else { return false }
        token = current
        let (store, actor) = (env.store, env.actor)
        guard let loaded = env.attempt({ () throws(OpsError) in try store.customerOverview(as: actor) }) else { return true }
        overview = loaded
        list.setRows(visible)
        if let reading {
            self.reading = loaded.rows.first { $0.customer.id == reading.customer.id }
            loadTickets()
        }
        return true
    }

    /// The open tickets of the customer being read, most urgent first (at most a screen's worth).
    func loadTickets() {
        guard let id = reading?.customer.id else {
            readingTickets = []
            return
        }
        let open = Set(TicketStatus.allCases.filter(\.isOpen))
        let (store, actor) = (env.store, env.actor)
        readingTickets = env.attempt({ () throws(OpsError) in
            try store.ticketPage(TicketFilter(statuses: open, customer: id), offset: 0, limit: 20, as: actor)
        }) ?? []
    }

    func reapply(resetSelection: Bool = true) {
        list.setRows(visible, resetSelection: resetSelection)
    }

    // MARK: - Commands

    public func perform(_ command: CommandID) -> Bool {
        if list.isFiltering {
            switch list.filterCommand(command) {
            case let .typed(text): filterText = text
            case .cleared: filterText = ""
            case .kept, .ignored: return true
            }
            reapply()
            return true
        }
        switch command {
        case .open:
            guard let row = list.selectedRow else { return true }
            reading = row
            detail.reset()
            loadTickets()
        case .back:
            guard reading != nil else { return false }
            reading = nil
        case .filter: list.beginFilter(filterText)
        case .customerSort:
            let all = CustomerListRule.Sort.allCases
            sort = all[((all.firstIndex(of: sort) ?? 0) + 1) % all.count]
            reapply()
            env.status.show("Sorted by \(sort.title)\(reversed ? ", reversed" : "").", .info)
        case .customerSortReverse:
            reversed.toggle()
            reapply()
            env.status.show("Sorted by \(sort.title)\(reversed ? ", reversed" : "").", .info)
        case .customerStateFilter:
            let all = State.allCases
            state = all[((all.firstIndex(of: state) ?? 0) + 1) % all.count]
            if state == .billingTrouble, !overview.billingVisible {
                env.status.show("Billing status needs billing.read: the billing-trouble filter keeps no one for you.", .warning)
            }
            reapply()
        case .customerPlanFilter:
            let all = Customer.Plan.allCases
            plan = plan.map { all.firstIndex(of: $0).map { $0 + 1 < all.count ? all[$0 + 1] : nil } ?? nil } ?? all.first
            reapply()
        case .customerMine:
            mine.toggle()
            reapply()
        case .clearFilters:
            (filterText, state, plan, mine, sort, reversed) = ("", .all, nil, false, .name, false)
            reapply()
        default:
            return reading == nil ? list.move(command) : detail.move(command)
        }
        return true
    }

    public func handleText(_ key: Key) -> Bool {
        guard let text = list.typeInFilter(key) else { return false }
        filterText = text
        reapply()
        return true
    }

    public func handleMouse(_ event: MouseEvent) -> Bool {
        guard reading == nil, event.button == .left else { return false }
        return list.click(atPaneRow: event.y)
    }
}
