import OpsCore
import OpsStore

/// The panes of the console, in tab order: the health dashboard first (what on-call
/// engineers open the console for), then user admin.
@MainActor public enum ConsolePanes {
    public static func standard(env: ConsoleEnvironment) -> [any Pane] {
        let loader = DashboardLoader(store: env.store)
        let health = HealthPane(env: env) { window throws(OpsError) in
            try env.store.authorize(.metricsRead, env.actor)
            return try loader.load(window: window, now: env.clock.now())
        }
        return [health, UsersPane(env: env)]
    }
}
