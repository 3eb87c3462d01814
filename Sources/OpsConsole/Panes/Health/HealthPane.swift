import Foundation
import OpsCore
import TermUI

/// The health dashboard: service health grid, PenguinMails KPI tiles and host gauges with
/// sparklines, firing alerts by severity, source status with staleness, probe uptime
/// against the 99.9 % target, and a detail chart for the selected metric. It only reads:
/// the data comes from the store through `load`, refreshed when the store changes.
@MainActor public final class HealthPane: Pane {
    public typealias Loader = @MainActor (DashboardWindow) throws(OpsError) -> DashboardSnapshot

    let env: ConsoleEnvironment
    let load: Loader
    public internal(set) var window: DashboardWindow = .h1
    public internal(set) var snapshot: DashboardSnapshot
    /// Index into `snapshot.selectable`.
    public internal(set) var selection = 0
    public internal(set) var showingDetail = false
    /// The box the arrows scroll (`[`/`]`), nil while they move the metric selection.
    public internal(set) var focusedBox: HealthBox?
    /// Each box's scroll position; rows come worst first, so the top is what matters.
    var boxLists: [HealthBox: BoxList] = [:]
    /// The boxes' areas in the last layout, so scrolling stops at the last row.
    var boxAreas: [HealthBox: Rect] = [:]
    private var lastLoad: Date?

    public init(env: ConsoleEnvironment, load: @escaping Loader) {
        self.env = env
        self.load = load
        self.snapshot = DashboardSnapshot(takenAt: env.clock.now())
    }

    public var title: String { "Health" }
    public var badge: Int? {
        let critical = snapshot.severityCounts["critical", default: 0]
        return critical > 0 ? critical : nil
    }
    public var scopes: [CommandScope] {
        if showingDetail { return [.healthDetail, .health] }
        return focusedBox == nil ? [.health] : [.healthBox, .health]
    }
    public var capturesText: Bool { false }
    public func handleText(_ key: Key) -> Bool { false }

    public func perform(_ command: CommandID) -> Bool {
        let count = snapshot.selectable.count
        if performBoxCommand(command) { return true }
        switch command {
        case .nextWindow, .previousWindow:
            let all = DashboardWindow.allCases
            let i = all.firstIndex(of: window) ?? 0
            window = all[(i + (command == .nextWindow ? 1 : all.count - 1)) % all.count]
            reload()
            return true
        case .moveDown, .moveRight:
            if count > 0 { selection = (selection + 1) % count }
            revealSelection()
            return true
        case .moveUp, .moveLeft:
            if count > 0 { selection = (selection + count - 1) % count }
            revealSelection()
            return true
        case .open:
            showingDetail = count > 0
            return true
        case .back:
            guard showingDetail else { return false }
            showingDetail = false
            return true
        default:
            return false
        }
    }

    /// Reloads on store changes, and every 2 s anyway: collector samples are not audited, so
    /// the change token does not move for them.
    public func refresh(force: Bool) -> Bool {
        let now = env.clock.now()
        if !force, let last = lastLoad, now.timeIntervalSince(last) < 2 { return false }
        return reload()
    }

    @discardableResult
    func reload() -> Bool {
        lastLoad = env.clock.now()
        do {
            let fresh = try load(window)
            guard fresh != snapshot else { return false }
            snapshot = fresh
            selection = min(selection, max(0, snapshot.selectable.count - 1))
            return true
        } catch {
            env.status.show(error)
            return false
        }
    }

    public func handleMouse(_ event: MouseEvent) -> Bool { false }

    public func layout(area: Rect) {
        boxAreas = HealthBox.areas(body: bodyArea(area))
    }
}
