import OpsCore

/// The panes of the console, in tab order. A new pane is one folder under Panes/, its
/// command rows, and one line here.
public struct PaneRegistry: Sendable {
    public let panes: [PaneDescriptor]

    public init(_ panes: [PaneDescriptor]) { self.panes = panes }

    public func descriptor(_ id: String) -> PaneDescriptor? { panes.first { $0.id == id } }

    /// The registry position shown on the tab and bound to a digit key (1…9).
    public func number(of id: String) -> Int? { panes.firstIndex { $0.id == id }.map { $0 + 1 } }

    public var ids: [String] { panes.map(\.id) }

    /// The health dashboard first (what on-call engineers open the console for), the
    /// alert queue, then user admin; later panes append, so digit keys never move.
    public static let standard = PaneRegistry([
        PaneDescriptor(id: "health", title: "Health", permission: .metricsRead, scopes: HealthCommands.scopes,
                       commands: HealthCommands.rows, make: HealthPane.standard),
        PaneDescriptor(id: "alerts", title: "Alerts", permission: .alertsRead, scopes: AlertsCommands.scopes,
                       commands: AlertsCommands.rows, make: AlertsPane.standard),
        PaneDescriptor(id: "users", title: "Users", permission: .usersRead, scopes: UsersCommands.scopes,
                       commands: UsersCommands.rows, make: UsersPane.init),
        PaneDescriptor(id: "silences", title: "Silences", permission: .alertsRead, scopes: SilencesCommands.scopes,
                       commands: SilencesCommands.rows, make: SilencesPane.init),
        PaneDescriptor(id: "metrics", title: "Metrics", permission: .metricsRead, scopes: MetricsCommands.scopes,
                       commands: MetricsCommands.rows, make: MetricsPane.init),
        PaneDescriptor(id: "tickets", title: "Tickets", permission: .ticketsRead, scopes: TicketsCommands.scopes,
                       commands: TicketsCommands.rows, make: TicketsPane.init),
        PaneDescriptor(id: "incidents", title: "Incidents", permission: .incidentsRead, scopes: IncidentsCommands.scopes,
                       commands: IncidentsCommands.rows, make: IncidentsPane.init),
        PaneDescriptor(id: "schedules", title: "Schedules", permission: OnCallPolicy.readPermission, scopes: SchedulesCommands.scopes,
                       commands: SchedulesCommands.rows, make: SchedulesPane.init),
        PaneDescriptor(id: "changes", title: "Changes", permission: .changesRead, scopes: ChangesCommands.scopes,
                       commands: ChangesCommands.rows, make: ChangesPane.init),
        // Past the nine digit keys: reached with Tab or the palette (`:customers`, `:kpi`).
        PaneDescriptor(id: "customers", title: "Customers", permission: .ticketsRead, scopes: CustomersCommands.scopes,
                       commands: CustomersCommands.rows, make: CustomersPane.init),
        PaneDescriptor(id: "kpi", title: "KPIs", permission: .metricsRead, scopes: KPICommands.scopes,
                       commands: KPICommands.rows, make: KPIPane.init),
    ])
}
