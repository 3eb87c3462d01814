import Foundation
import OpsCore
import OpsStore

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
    /// alert queue, then user admin.
    public static let standard = PaneRegistry([
        PaneDescriptor(id: "health", title: "Health", permission: .metricsRead, scopes: HealthCommands.scopes,
                       commands: HealthCommands.rows, make: HealthPane.standard),
        PaneDescriptor(id: "alerts", title: "Alerts", permission: .alertsRead, scopes: AlertsCommands.scopes,
                       commands: AlertsCommands.rows, make: AlertsPane.standard),
        PaneDescriptor(id: "users", title: "Users", permission: .usersRead, scopes: UsersCommands.scopes,
                       commands: UsersCommands.rows, make: UsersPane.init),
    ])
}

extension HealthPane {
    /// The dashboard over the store, refused without metrics.read.
    static func standard(env: ConsoleEnvironment) -> any Pane {
        let loader = DashboardLoader(store: env.store)
        return HealthPane(env: env) { window throws(OpsError) in
            try env.store.authorize(.metricsRead, env.actor)
            return try loader.load(window: window, now: env.clock.now())
        }
    }
}

extension AlertsPane {
    /// The queue with the bell as `PMOPS_ALERT_BELL` says.
    static func standard(env: ConsoleEnvironment) -> any Pane {
        let bell = ProcessInfo.processInfo.environment["PMOPS_ALERT_BELL"] == "1"
        return AlertsPane(env: env, bell: bell, ringBell: TerminalBell.ring)
    }
}

/// The terminal bell for new critical alerts: one BEL byte to the terminal, on the main
/// thread between frames (it moves no cursor, so curses' idea of the screen stays right).
@MainActor enum TerminalBell {
    static func ring() {
        guard isatty(STDOUT_FILENO) == 1 else { return }
        var bel: UInt8 = 7
        _ = write(STDOUT_FILENO, &bel, 1)
    }
}
