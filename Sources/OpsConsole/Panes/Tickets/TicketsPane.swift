import Foundation
import OpsCore
import OpsStore
import TermUI

/// Customer escalations for support staff: the queue in SLA-risk order (breached first,
/// then least time left) with filters, a ticket's timeline with its linked alerts and its
/// customer's card, and the actions (note, reply, assign, status, priority, link, resolve,
/// close, reopen, rating), each one store call. Built on the kit: a paged table over the
/// store's `ticketPage`, a detail view and one-field prompts.
@MainActor public final class TicketsPane: Pane, ModalHost {
    let env: ConsoleEnvironment
    var list = PagedTable<TicketSummary>()
    var filter = TicketFilter()
    var mine = false
    /// Index into `statusChoices`.
    var statusChoice = 0
    /// The ticket shown in the detail view, nil in the queue.
    var reading: TicketDetail?
    var readingContext: TicketContext?
    var detail = DetailView()
    var prompt: TicketPrompt?
    var token: Int64 = -1

    /// The status filter's cycle: nil statuses means the open ones.
    static let statusChoices: [(title: String, statuses: Set<TicketStatus>?)] =
        [("open", nil)] + TicketStatus.allCases.map { ($0.title, [$0]) } + [("all", Set(TicketStatus.allCases))]
    static let teams = ["ops", "support", "finance", "security"]

    public init(env: ConsoleEnvironment) { self.env = env }

    public var title: String { "Tickets" }
    public var scopes: [CommandScope] {
        if let prompt { return prompt.kind.isConfirm ? [.dialog] : prompt.kind.isCompose ? [.compose] : [.form] }
        if list.isFiltering { return [.form] }
        return reading == nil ? [.ticketsQueue, .tickets, .list] : [.ticketsDetail, .tickets]
    }
    public var capturesText: Bool { (prompt.map { !$0.kind.isConfirm } ?? false) || list.isFiltering }
    public var modalIsOpen: Bool { prompt != nil }

    public func layout(area: Rect) {
        list.layout(area: area)
        detail.layout(area: area)
    }

    // MARK: - Data

    var source: PageSource<TicketSummary> {
        let (store, actor, filter) = (env.store, env.actor, filter)
        return PageSource(count: { () throws(OpsError) in try store.ticketCount(filter, as: actor) },
                          load: { (offset, limit) throws(OpsError) in try store.ticketPage(filter, offset: offset, limit: limit, as: actor) })
    }

    public func refresh(force: Bool) -> Bool {
        let current = (try? env.store.changeToken()) ?? token
        guard force || current != token else { return false }
        token = current
        reload(resetSelection: false)
        if let reading { open(reading.ticket.number) }
        return true
    }

    func reload(resetSelection: Bool) {
        var list = self.list
        env.attempt { () throws(OpsError) in try list.reload(from: source, resetSelection: resetSelection) }
        self.list = list
    }

    func open(_ number: TicketNumber) {
        guard let loaded = env.attempt({ () throws(OpsError) in try env.store.ticket(number, as: env.actor) }) else {
            reading = nil
            return
        }
        reading = loaded
        readingContext = env.attempt { () throws(OpsError) in try env.store.ticketContext(number, as: env.actor) }
    }

    /// The ticket actions apply to: the open one, else the cursor row.
    var current: Ticket? { reading?.ticket ?? list.selectedRow?.ticket }

    // MARK: - Commands

    public func perform(_ command: CommandID) -> Bool {
        if let prompt, case .confirmReply = prompt.kind, command == .confirmNo {
            // n or Esc goes back to the text, not away from it.
            var back = TicketPrompt(.reply, ticket: prompt.ticket, text: prompt.kind.replyBody ?? prompt.text)
            back.recipient = prompt.recipient
            self.prompt = back
            return true
        }
        if var open = prompt, open.kind.isCompose, command == .composeNewline || command == .composeDone {
            if command == .composeDone { submitModal() } else {
                open.area.insertNewline()
                open.error = nil
                prompt = open
            }
            return true
        }
        if modalIsOpen { return performModal(command) }
        if list.isFiltering {
            switch list.filterCommand(command) {
            case let .typed(text): filter.text = text
            case .cleared: filter.text = nil
            case .kept, .ignored: return true
            }
            reload(resetSelection: true)
            return true
        }
        if performFilter(command) { return true }
        switch command {
        case .open:
            guard let row = list.selectedRow else { return true }
            open(row.ticket.number)
            detail.reset()
        case .back:
            guard reading != nil else { return false }
            reading = nil
            readingContext = nil
        case .ticketNote, .ticketReply, .ticketAssign, .ticketStatus, .ticketPriority, .ticketLink, .ticketParent, .ticketResolve, .ticketCSAT, .ticketArticle:
            begin(command)
        case .ticketClose: act("Closed") { (store, number, actor) throws(OpsError) in try store.closeTicket(number, as: actor) }
        case .ticketReopen: act("Reopened") { (store, number, actor) throws(OpsError) in try store.reopenTicket(number, as: actor) }
        default:
            guard reading == nil else { return detail.move(command) }
            let moved = list.move(command)
            if moved { env.attempt { () throws(OpsError) in try list.loadVisible(from: source) } }
            return moved
        }
        return true
    }

    /// The queue's filter keys; false for any other command (or in the detail view).
    func performFilter(_ command: CommandID) -> Bool {
        guard reading == nil else { return false }
        switch command {
        case .filter:
            list.beginFilter(filter.text ?? "")
            return true
        case .ticketMineFilter:
            mine.toggle()
            filter.assignee = mine ? (try? env.store.whoAmI(env.actor))?.login : nil
        case .ticketTeamFilter:
            let next = filter.team.flatMap { Self.teams.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
            filter.team = next < Self.teams.count ? Self.teams[next] : nil
        case .ticketStatusFilter:
            statusChoice = (statusChoice + 1) % Self.statusChoices.count
            filter.statuses = Self.statusChoices[statusChoice].statuses
        case .ticketPriorityFilter:
            let next = filter.priority.map { $0.rawValue + 1 } ?? 1
            filter.priority = TicketPriority(rawValue: next)
        case .ticketCategoryFilter:
            let all = TicketCategory.allCases
            let next = filter.category.flatMap { all.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
            filter.category = next < all.count ? all[next] : nil
        case .ticketBreachedFilter: filter.breachedOnly.toggle()
        case .ticketCustomerFilter:
            prompt = TicketPrompt(.customerFilter, ticket: nil, text: filter.customer ?? list.selectedRow?.ticket.customerID ?? "")
            return true
        case .clearFilters:
            filter = TicketFilter()
            mine = false
            statusChoice = 0
        default: return false
        }
        reload(resetSelection: true)
        return true
    }

    public func handleText(_ key: Key) -> Bool {
        if modalIsOpen { return typeInModal(key) }
        guard let text = list.typeInFilter(key) else { return false }
        filter.text = text
        reload(resetSelection: true)
        return true
    }

    public func handleMouse(_ event: MouseEvent) -> Bool {
        guard !modalIsOpen, reading == nil, event.button == .left else { return false }
        let clicked = list.click(atPaneRow: event.y)
        if clicked { env.attempt { () throws(OpsError) in try list.loadVisible(from: source) } }
        return clicked
    }
}
