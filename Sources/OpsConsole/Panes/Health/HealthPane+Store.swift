import OpsCore
import OpsStore

extension HealthPane {
    /// The dashboard over the store, refused without metrics.read.
    static func standard(env: ConsoleEnvironment) -> any Pane {
        let loader = DashboardLoader(store: env.store)
        return HealthPane(env: env) { window throws(OpsError) in
            try env.store.authorize(.metricsRead, env.actor)
            var snapshot = try loader.load(window: window, now: env.clock.now())
            snapshot.majorIncident = IncidentBanner.load(env: env)
            snapshot.deployBanner = DeployBanner.load(env: env)
            return snapshot
        }
    }
}
