import OpsCore

/// The Tickets pane's scopes, command ids and key rows (merged into the one command table
/// through its `PaneDescriptor`). Letters the grammar already has keep their verb (`c`
/// note, `r` resolve, `A` assign, `m` mine, `S` status, `T` team, `X` clear).
extension CommandScope {
    static let tickets = CommandScope("tickets", title: "Tickets")
    static let ticketsQueue = CommandScope("tickets.queue", title: "Tickets: queue")
    static let ticketsDetail = CommandScope("tickets.detail", title: "Tickets: ticket detail")
}

extension CommandID {
    static let ticketNote = CommandID("ticketNote"), ticketReply = CommandID("ticketReply"), ticketAssign = CommandID("ticketAssign")
    static let ticketStatus = CommandID("ticketStatus"), ticketPriority = CommandID("ticketPriority"), ticketLink = CommandID("ticketLink")
    static let ticketResolve = CommandID("ticketResolve"), ticketClose = CommandID("ticketClose"), ticketReopen = CommandID("ticketReopen")
    static let ticketCSAT = CommandID("ticketCSAT"), ticketParent = CommandID("ticketParent"), ticketArticle = CommandID("ticketArticle")
    static let ticketMineFilter = CommandID("ticketMineFilter"), ticketTeamFilter = CommandID("ticketTeamFilter")
    static let ticketStatusFilter = CommandID("ticketStatusFilter"), ticketPriorityFilter = CommandID("ticketPriorityFilter")
    static let ticketCategoryFilter = CommandID("ticketCategoryFilter"), ticketBreachedFilter = CommandID("ticketBreachedFilter")
    static let ticketCustomerFilter = CommandID("ticketCustomerFilter")
}

enum TicketsCommands {
    static let scopes: [CommandScope] = [.tickets, .ticketsQueue, .ticketsDetail]

    static let rows: [Command] = [
        Command(.open, keys: [.enter], title: "Details", help: "Open the ticket under the cursor: its timeline, linked alerts and the customer's card.", scope: .ticketsQueue, footer: true),
        Command(.ticketMineFilter, keys: [.char("m")], title: "Mine", help: "Show only tickets assigned to you, or everyone's again.", scope: .ticketsQueue, footer: true),
        Command(.ticketTeamFilter, keys: [.char("T")], title: "Team filter", help: "Cycle the team filter: every team, then each team that owns tickets (ops, support, finance, security).", scope: .ticketsQueue),
        Command(.ticketStatusFilter, keys: [.char("S")], title: "State filter", help: "Cycle the status filter: open, new, triage, investigating, waiting on customer, waiting on vendor, resolved, closed, all.", scope: .ticketsQueue),
        Command(.ticketPriorityFilter, keys: [.char("Q")], title: "Priority filter", help: "Cycle the priority filter: all, P1, P2, P3, P4.", scope: .ticketsQueue),
        Command(.ticketCategoryFilter, keys: [.char("Y")], title: "Category filter", help: "Cycle the category filter: all, deliverability, sending/SMTP, DNS, API, account access, billing dispute, refund, security, other.", scope: .ticketsQueue),
        Command(.ticketBreachedFilter, keys: [.char("B")], title: "Breached filter", help: "Show only tickets past an SLA deadline, or all again.", scope: .ticketsQueue),
        Command(.ticketCustomerFilter, keys: [.char("K")], title: "Customer filter", help: "Show one customer's tickets (by customer id; empty shows every customer).", scope: .ticketsQueue),
        Command(.clearFilters, keys: [.char("X")], title: "Clear filters", help: "Back to the default queue: open tickets of every team, priority, category and customer, no text.", scope: .ticketsQueue),
        Command(.moveDown, keys: [.down, .char("j")], title: "Scroll down", help: "Scroll the ticket down one line.", scope: .ticketsDetail),
        Command(.moveUp, keys: [.up, .char("k")], title: "Scroll up", help: "Scroll the ticket up one line.", scope: .ticketsDetail),
        Command(.pageDown, keys: [.pageDown, .ctrl("f")], title: "Page down", help: "Scroll the ticket down one page.", scope: .ticketsDetail),
        Command(.pageUp, keys: [.pageUp, .ctrl("b")], title: "Page up", help: "Scroll the ticket up one page.", scope: .ticketsDetail),
        Command(.ticketNote, keys: [.char("c")], title: "Note", help: "Add an internal note to the timeline (staff only; the customer never sees it), written in $VISUAL/$EDITOR when set.", scope: .tickets, permission: .ticketsManage, mutating: true, footer: true),
        Command(.ticketReply, keys: [.char("E")], title: "Reply", help: "Write to the customer's contact through the outbox ([ESC-n] in the subject), in $VISUAL/$EDITOR when set; shown for confirmation before it is sent.", scope: .tickets, permission: .ticketsManage, mutating: true, footer: true),
        Command(.ticketAssign, keys: [.char("A")], title: "Assign", help: "Assign the ticket to a login that can work tickets (empty unassigns).", scope: .tickets, permission: .ticketsManage, mutating: true),
        Command(.ticketStatus, keys: [.char(">")], title: "Status", help: "Move the ticket to another status (the allowed moves are listed; waiting on vendor asks which vendor).", scope: .tickets, permission: .ticketsManage, mutating: true, footer: true),
        Command(.ticketPriority, keys: [.char("!")], title: "Priority", help: "Change the ticket's priority (P1–P4); its SLA clocks follow.", scope: .tickets, permission: .ticketsManage, mutating: true),
        Command(.ticketLink, keys: [.char("&")], title: "Link", help: "Link an alert (by id) to the ticket; the detail shows its live state.", scope: .tickets, permission: .ticketsManage, mutating: true),
        Command(.ticketParent, keys: [.char("^")], title: "Parent", help: "Hang the ticket under another (a multi-customer outage's main ticket); empty clears the parent.", scope: .tickets, permission: .ticketsManage, mutating: true),
        Command(.ticketResolve, keys: [.char("r")], title: "Resolve", help: "Resolve the ticket with a resolution summary (required).", scope: .tickets, permission: .ticketsManage, mutating: true, footer: true),
        Command(.ticketClose, keys: [.char("C")], title: "Close", help: "Close a resolved ticket (the customer agrees or went quiet).", scope: .tickets, dangerous: true, permission: .ticketsManage, mutating: true),
        Command(.ticketReopen, keys: [.char("U")], title: "Reopen", help: "Reopen a resolved or closed ticket within the reopen window (tickets.reopen_days).", scope: .tickets, permission: .ticketsManage, mutating: true),
        Command(.ticketArticle, keys: [.char("J")], title: "KB article", help: "Turn a resolved or closed ticket into a knowledge-base article (its problem and resolution, linked back to it); you name it.", scope: .tickets, permission: .ticketsManage, mutating: true),
        Command(.ticketCSAT, keys: [.char("*")], title: "CSAT", help: "Record the customer's satisfaction rating (1–5) on a resolved or closed ticket.", scope: .tickets, permission: .ticketsManage, mutating: true),
    ]
}
