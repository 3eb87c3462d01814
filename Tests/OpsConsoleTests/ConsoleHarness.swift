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
         actor: String = ConsoleHarness.operatorLogin, seed: Bool = true, startPane: Int = 2) throws {
        store = try AppDatabase(inMemory: clock)
        if seed { _ = try store.seedDemo(seed: 42, login: Self.operatorLogin) }
        env = ConsoleEnvironment(store: store, actor: ActorContext(osLogin: actor), clock: clock, readOnly: readOnly,
                                 theme: theme, timeZone: TimeZone(identifier: "UTC") ?? .current)
        let panes = ConsolePanes.standard(env: env)
        health = panes[0] as! HealthPane
        alerts = panes[1] as! AlertsPane
        users = panes[2] as! UsersPane
        app = ConsoleApp(env: env, panes: panes)
        if startPane != 0 { app.switchTo(startPane) }
        backend = TestBackend(size: size)
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
