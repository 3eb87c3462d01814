import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// The Metrics pane over a store holding 15 minutes of a node exporter scrape (stored as the
/// scraper stores it: rates as `_per_second`, job and instance labels) and a queue gauge:
/// the list, filters by name and by label, a chart, two series compared, and who sees it.
@MainActor
@Suite("Metrics pane")
struct MetricsPaneTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]
    static let target = ["job": "node", "instance": "127.0.0.1:9100"]

    static func pane(_ h: ConsoleHarness) throws -> MetricsPane { try ConsoleHarness.pane("metrics", of: h.app) }

    /// Every 10 s for 15 minutes up to the harness clock; `node_boot_time_seconds` stopped
    /// 10 minutes ago, so its age shows.
    static func seeded(size: Size = Size(width: 120, height: 40), theme: Theme = .default) throws -> ConsoleHarness {
        let h = try ConsoleHarness(size: size, theme: theme, startPane: "metrics")
        let now = h.clock.now()
        func node(_ name: String, _ labels: [String: String] = [:], _ t: Date, _ value: Double) -> SampleInput {
            SampleInput(name: name, labels: labels.merging(target) { own, _ in own }, time: t, value: value)
        }
        for step in stride(from: 900.0, through: 0, by: -10) {
            let t = now.addingTimeInterval(-step)
            let phase = (900 - step) / 900
            let wave = sin(phase * 2 * .pi)
            var batch: [SampleInput] = []
            for cpu in ["0", "1"] {
                let user = 0.2 + 0.1 * wave + (cpu == "1" ? 0.05 : 0)
                batch.append(node("node_cpu_seconds_per_second", ["cpu": cpu, "mode": "idle"], t, 0.75 - user + 0.2))
                batch.append(node("node_cpu_seconds_per_second", ["cpu": cpu, "mode": "user"], t, user))
                batch.append(node("node_cpu_seconds_per_second", ["cpu": cpu, "mode": "iowait"], t, 0.05))
            }
            batch.append(node("node_network_receive_bytes_per_second", ["device": "eth0"], t, 12_000 + 8_000 * phase))
            batch.append(node("node_network_transmit_bytes_per_second", ["device": "eth0"], t, 3_000 + 2_000 * wave))
            batch.append(node("node_network_receive_bytes_per_second", ["device": "lo"], t, 250))
            batch.append(node("node_load1", [:], t, 0.4 + phase))
            batch.append(node("node_memory_MemAvailable_bytes", [:], t, 2.1e9 - 4e8 * phase))
            batch.append(node("node_filesystem_avail_bytes", ["mountpoint": "/", "device": "sda1"], t, 20e9))
            if step >= 600 { batch.append(node("node_boot_time_seconds", [:], t, 1_794_990_000)) }
            batch.append(SampleInput(name: "pm_queue_depth", labels: ["queue": "outbound-main"], time: t, value: (400 + 600 * phase).rounded()))
            _ = try h.store.recordSamples(batch, now: t)
        }
        _ = h.app.refresh(force: true)
        return h
    }

    /// The names of the rows the list holds, in order.
    func rows(_ p: MetricsPane) -> [String] {
        (0..<p.list.rowCount).compactMap { p.list.window[$0].map { r in r.series.name + " " + MetricsPane.labelText(r.series.labels) } }
    }

    /// `/`, the old text erased, `text` typed, Enter.
    func filter(_ h: ConsoleHarness, _ text: String) {
        h.press(.char("/"))
        for _ in 0..<80 { _ = h.app.handle(.key(.backspace)) }
        h.type(text)
        h.press(.enter)
    }

    // MARK: - Goldens

    @Test(arguments: sizes) func list(size: Size) throws {
        let h = try Self.seeded(size: size)
        assertSnapshot(h.frame(), named: "metrics-list-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func listMono() throws {
        let h = try Self.seeded(theme: Theme.default.monochrome())
        h.press(.char(" "))
        assertSnapshot(h.frame(), named: "metrics-list-mono-120x40", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test(arguments: sizes) func compare(size: Size) throws {
        let h = try Self.seeded(size: size)
        filter(h, "device=eth0")
        h.press(.char(" "), .down, .enter)
        assertSnapshot(h.frame(), named: "metrics-compare-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func emptyStoreSaysHowToGetSeries() throws {
        let h = try ConsoleHarness(size: Size(width: 80, height: 24), startPane: "metrics")
        #expect(h.text.contains("No series stored yet: run pmops collect, or add a scrape to its --config."))
        assertSnapshot(h.frame(), named: "metrics-empty-80x24", directory: ConsoleHarness.snapshotDirectory)
        h.press(.enter)
        #expect(try Self.pane(h).charted == nil)
    }

    // MARK: - Keys

    @Test func listsEverySeriesWithValueAndAge() throws {
        let h = try Self.seeded()
        let p = try Self.pane(h)
        #expect(p.storedCount == 14)
        #expect(p.list.rowCount == 14)
        let text = h.text
        #expect(text.contains("Metrics  14 series"))
        #expect(text.contains("node_boot_time_seconds"))
        #expect(text.contains("10m"), "the stopped series shows its age")
        #expect(text.contains("cpu=0 mode=idle job=node instance=127.0.0.1:9100"), "job and instance, alike on every series of a scrape, come last")
        #expect(text.contains("1,000"), "the queue depth's newest value, grouped")
    }

    @Test func filtersByNameText() throws {
        let h = try Self.seeded()
        let p = try Self.pane(h)
        filter(h, "NETWORK")
        #expect(rows(p).count == 3)
        #expect(rows(p).allSatisfy { $0.hasPrefix("node_network_") })
        #expect(h.text.contains("3 of 14 series"))
        filter(h, "network transmit")
        #expect(rows(p) == ["node_network_transmit_bytes_per_second device=eth0 job=node instance=127.0.0.1:9100"])
        h.press(.char("/"), .escape)
        #expect(p.filterText.isEmpty && p.list.rowCount == 14)
    }

    @Test func filtersByLabels() throws {
        let h = try Self.seeded()
        let p = try Self.pane(h)
        filter(h, "device=eth0")
        #expect(rows(p).count == 2)
        #expect(rows(p).allSatisfy { $0.contains("device=eth0") })
        filter(h, #"mode="idle" cpu"#)
        #expect(rows(p).map { $0.components(separatedBy: " ").prefix(3).joined(separator: " ") }
            == ["node_cpu_seconds_per_second cpu=0 mode=idle", "node_cpu_seconds_per_second cpu=1 mode=idle"])
        filter(h, "mode=idle cpu=1")
        #expect(rows(p).count == 1)
        filter(h, "device=nope")
        #expect(rows(p).isEmpty)
        #expect(h.text.contains("No series matches this filter; / then Esc clears it."))
    }

    @Test func enterChartsTheSeriesOverTheWindow() throws {
        let h = try Self.seeded()
        let p = try Self.pane(h)
        filter(h, "pm_queue")
        h.press(.enter)
        #expect(p.charted?.map(\.name) == ["pm_queue_depth"])
        let chart = try #require(p.charts.first)
        #expect(chart.history.filter(\.isFinite).max() == 1000)
        var text = h.text
        #expect(text.contains("pm_queue_depth{queue=outbound-main} · last 1h"))
        #expect(text.contains("min 400  avg"), "y-axis scaled to the data, with min/avg/max")
        #expect(text.contains("1000") && text.contains("340"), "top and bottom labels span the data (the floor sits a tenth below)")
        h.press(.char("w"))
        #expect(p.window == .h6)
        text = h.text
        #expect(text.contains("· last 6h"))
        h.press(.escape)
        #expect(p.charted == nil)
        #expect(h.text.contains("Metrics  1 of 14 series"))
    }

    @Test func marksOneSeriesAndComparesItWithAnother() throws {
        let h = try Self.seeded()
        let p = try Self.pane(h)
        filter(h, "device=eth0")
        h.press(.char(" "))
        let first = try #require(p.marked)
        #expect(h.text.contains("Marked node_network_receive_bytes_per_second{device=eth0"))
        h.press(.down, .enter)
        #expect(p.charted?.count == 2)
        #expect(p.charted?.first == first)
        #expect(p.charts.count == 2)
        let text = h.text
        #expect(text.contains("node_network_receive_bytes_per_second{device=eth0"))
        #expect(text.contains("node_network_transmit_bytes_per_second{device=eth0"))
        #expect(text.components(separatedBy: "now 11:06").count == 3, "both charts end now on one time axis")
        h.press(.escape)
        #expect(p.charted == nil && p.marked == first, "back in the list the mark stays for the next comparison")
        h.press(.escape)
        #expect(p.marked == nil)
        // Marking the cursor's own series charts it once.
        h.press(.char(" "), .enter)
        #expect(p.charted?.count == 1)
    }

    @Test func untrustedLabelsAreShownNotObeyed() throws {
        let h = try ConsoleHarness(startPane: "metrics")
        let t = h.clock.now()
        _ = try h.store.recordSamples([SampleInput(name: "evil_metric", labels: ["device": "eth0\u{1b}[2J\u{7}", "note": "a\u{202e}b"], time: t, value: 1)], now: t)
        _ = h.app.refresh(force: true)
        let text = h.text
        #expect(!text.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x07 || $0.value == 0x202e })
        #expect(text.contains("eth0␛[2J␇"))
        h.press(.enter)
        #expect(!h.text.unicodeScalars.contains { $0.value == 0x1b })
    }

    // MARK: - Reaching it, and who may

    @Test func reachableByDigitTabAndPalette() throws {
        let h = try Self.seeded()
        h.app.switchTo("health")
        h.press(.char("5"))
        #expect(h.app.activePaneID == "metrics")
        h.app.switchTo("silences")
        h.press(.tab)
        #expect(h.app.activePaneID == "metrics")
        h.app.switchTo("health")
        h.press(.char(":"))
        h.type("metrics")
        h.press(.enter)
        #expect(h.app.activePaneID == "metrics")
        #expect(h.text.contains("5 Metrics"))
    }

    @Test func everyRoleReadsMetricsButAnAccountWithoutMetricsReadDoesNot() throws {
        #expect(PaneRegistry.standard.descriptor("metrics")?.permission == .metricsRead)
        #expect(PaneRegistry.standard.number(of: "metrics") == 5, "appended: the digit keys of older panes never move")
        let readonly = try ConsoleHarness(role: .readonly)
        #expect(readonly.app.paneIDs.contains("metrics"))
        // Every built-in role holds metrics.read; a reactivated account holds no role until
        // one is granted again, so it lacks it: no tab, no digit, no palette jump.
        let h = try ConsoleHarness()
        let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)
        _ = try h.store.createStaff(NewStaff(login: "norole", displayName: "No Role", email: "norole@example.com", roles: ["readonly"]), as: op)
        _ = try h.store.deactivate(login: "norole", reason: "left", as: op)
        #expect(try h.store.reactivate(login: "norole", as: op).roles.isEmpty)
        let env = ConsoleEnvironment(store: h.store, actor: ActorContext(osLogin: "norole"), clock: h.clock,
                                     commands: CommandTable(registry: .standard), timeZone: TimeZone(identifier: "UTC") ?? .current)
        let app = ConsoleApp(env: env)
        #expect(!app.paneIDs.contains("metrics"))
        #expect(!app.paneIDs.contains("health"))
        _ = app.handle(.key(.char("5")))
        #expect(app.activePaneID != "metrics")
        app.switchTo("metrics")
        #expect(app.activePaneID != "metrics")
        #expect(env.status.shown?.text.contains("metrics.read") == true)
    }
}
