import OpsCore

/// The Customers pane's scopes, command ids and key rows (merged into the one command table
/// through its `PaneDescriptor`). Past the nine digit keys: Tab or `:customers`.
extension CommandScope {
    static let customers = CommandScope("customers", title: "Customers")
    static let customersList = CommandScope("customers.list", title: "Customers: list")
}

extension CommandID {
    static let customerSort = CommandID("customerSort"), customerSortReverse = CommandID("customerSortReverse")
    static let customerStateFilter = CommandID("customerStateFilter"), customerPlanFilter = CommandID("customerPlanFilter")
    static let customerMine = CommandID("customerMine")
}

enum CustomersCommands {
    static let scopes: [CommandScope] = [.customers, .customersList]

    static let rows: [Command] = [
        Command(.open, keys: [.enter], title: "Details", help: "One screen for the customer under the cursor: directory record and contacts, money, open tickets and the last incident.", scope: .customersList, footer: true),
        Command(.customerSort, keys: [.char("o")], title: "Sort", help: "Sort by the next column: name, plan, success manager, MRR, billing status, open tickets, last incident (what needs attention first).", scope: .customersList, footer: true),
        Command(.customerSortReverse, keys: [.char("O")], title: "Reverse sort", help: "Flip the sort direction.", scope: .customersList),
        Command(.customerStateFilter, keys: [.char("S")], title: "State filter", help: "Cycle the state filter: every customer, billing trouble (past due or disputed), urgent tickets (P1 or P2 open).", scope: .customersList, footer: true),
        Command(.customerPlanFilter, keys: [.char("Y")], title: "Category filter", help: "Cycle the plan filter: every plan, then free, starter, growth, scale, enterprise.", scope: .customersList),
        Command(.customerMine, keys: [.char("m")], title: "Mine", help: "Only the customers you are the success manager of (again: everyone's).", scope: .customersList, footer: true),
        Command(.clearFilters, keys: [.char("X")], title: "Clear filters", help: "Back to every customer, sorted by name.", scope: .customersList),
    ]
}
