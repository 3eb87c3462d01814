import Foundation
import OpsCore
import OpsStore

/// The panes of the console, in tab order: the health dashboard first (what on-call
/// engineers open the console for), the alert queue, then user admin.
@MainActor public enum ConsolePanes {
    public static func standard(env: ConsoleEnvironment) -> [any Pane] {
        let loader = DashboardLoader(store: env.store)
        let health = HealthPane(env: env) { window throws(OpsError) in
            try env.store.authorize(.metricsRead, env.actor)
            return try loader.load(window: window, now: env.clock.now())
        }
        let bell = ProcessInfo.processInfo.environment["PMOPS_ALERT_BELL"] == "1"
        let alerts = AlertsPane(env: env, bell: bell, ringBell: TerminalBell.ring)
        return [health, alerts, UsersPane(env: env)]
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
