import Foundation
@testable import OpsConsole
import OpsCore
import OpsStore
import OpsFixtures
import TermUI

/// A console on an in-memory store with a pinned clock, UTC and the seeded demo
/// directory: the same screen every run. Keys go in, frames come out of a TestBackend.
@MainActor
final class ConsoleHarness {
    static let operatorLogin = "operator"
    let clock = ManualClock(Date(timeIntervalSince1970: 1_795_000_000)) // fixed instant (UTC)
    let store: AppDatabase
    let env: ConsoleEnvironment
    let app: ConsoleApp
    let backend: TestBackend
    let users: UsersPane
    let health: HealthPane
    let alerts: AlertsPane

    init(size: Size = Size(width: 120, height: 40), readOnly: Bool = false, theme: Theme = .default,
         actor: String = ConsoleHarness.operatorLogin, seed: Bool = true, startPane: String = "users",
         registry: PaneRegistry = .standard) throws {
        store = try AppDatabase(inMemory: clock)
        if seed { _ = try store.seedDemo(seed: 42, login: Self.operatorLogin) }
        env = ConsoleEnvironment(store: store, actor: ActorContext(osLogin: actor), clock: clock, readOnly: readOnly,
                                 theme: theme, commands: CommandTable(registry: registry), timeZone: TimeZone(identifier: "UTC") ?? .current)
        app = ConsoleApp(env: env, registry: registry)
        // Panes by registry id, never by tab position (which depends on the actor's permissions).
        health = try Self.pane("health", of: app)
        alerts = try Self.pane("alerts", of: app)
        users = try Self.pane("users", of: app)
        if startPane != app.activePaneID { app.switchTo(startPane) }
        backend = TestBackend(size: size)
    }

    /// A harness whose actor is the first seeded account holding `role`.
    convenience init(role: Role, size: Size = Size(width: 120, height: 40), startPane: String = "users",
                     registry: PaneRegistry = .standard) throws {
        let seeded = try ConsoleHarness(size: size)
        let op = ActorContext(osLogin: Self.operatorLogin)
        let holders = try seeded.store.listStaff(StaffFilter(role: role), as: op)
        guard let login = (holders.first { $0.roles == [role] } ?? holders.first)?.login else {
            throw OpsError.notFound("no seeded account holds only \(role.rawValue)")
        }
        try self.init(size: size, actor: login, startPane: startPane, registry: registry)
    }

    static func pane<P: Pane>(_ id: String, of app: ConsoleApp) throws -> P {
        guard let pane = app.pane(id) as? P else { throw OpsError.notFound("pane '\(id)' is not registered as \(P.self)") }
        return pane
    }

    /// Renders the current state at the backend's size.
    @discardableResult
    func frame() -> ScreenBuffer {
        var buffer = ScreenBuffer(size: backend.size)
        app.render(into: &buffer, capabilities: backend.capabilities)
        backend.present(buffer, previous: backend.lastFrame)
        return buffer
    }

    @discardableResult
    func press(_ keys: Key...) -> AppFlow {
        var flow = AppFlow.continue
        for key in keys { flow = app.handle(.key(key)) }
        frame()
        return flow
    }

    func type(_ text: String) {
        for c in text { _ = app.handle(.key(.char(c))) }
        frame()
    }

    /// The screen as text.
    var text: String { frame().textGrid() }

    static var snapshotDirectory: String {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("Snapshots").path
    }
}
