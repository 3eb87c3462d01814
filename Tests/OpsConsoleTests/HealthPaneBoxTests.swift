import Foundation
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// The dashboard at small sizes and over a node exporter scrape: no box hides a row without
/// saying so, broken rows come first, and exporter series fill the Host box.
@MainActor
@Suite("Health dashboard boxes")
struct HealthPaneBoxTests {
    @Test func servicesBoxScrollsThroughEveryRowWorstFirst() throws {
        let h = try HealthPaneGoldenTests.seeded(size: Size(width: 80, height: 24))
        let services = h.health.snapshot.services
        #expect(services.count > 6, "the seeded store has more services than the 80x24 box holds")
        #expect(h.text.contains("+\(services.count - 6) more ↓"))
        let worst = BoxList.worstFirst(services) { $0.health.rank }.prefix { $0.health == .down || $0.health == .degraded }
        #expect(!worst.isEmpty)
        let lines = h.text.split(separator: "\n").map(String.init)
        for (offset, service) in worst.enumerated() {
            #expect(lines[3 + offset].contains("● " + service.name.prefix(7)), "down and degraded rows come first")
        }
        h.press(.char("]"))
        #expect(h.health.focusedBox == .services)
        var seen = Set<String>()
        for _ in 0..<services.count {
            for s in services where h.text.contains("● " + s.name.prefix(7)) { seen.insert(s.name) }
            h.press(.char("j"))
        }
        #expect(seen == Set(services.map(\.name)), "scrolling shows every row")
        #expect(h.text.contains("↑ 2 above"))
        h.press(.escape)
        #expect(h.health.focusedBox == nil)
        h.press(.char("j"))
        #expect(h.health.selection == 1, "without a focused box the arrows move the metric selection again")
    }

    @Test func focusCyclesThroughTheBoxes() throws {
        let h = try HealthPaneGoldenTests.seeded(size: Size(width: 120, height: 40))
        var order: [HealthBox?] = []
        for _ in 0...HealthPane.focusOrder.count {
            h.press(.char("]"))
            order.append(h.health.focusedBox)
        }
        #expect(order == HealthPane.focusOrder.map(Optional.some) + [nil])
        h.press(.char("["))
        #expect(h.health.focusedBox == .uptime)
    }

    /// 15 minutes of a two-CPU node exporter scraped every 10 s, stored as the scraper
    /// stores it (`ScrapeTransform`): gauges as is, counters as `_per_second` rates from the
    /// second scrape on, every series labelled with job and instance. 25 % busy (idle 0.70 +
    /// iowait 0.05 of each CPU's second), 75 % of memory used, 80 % of / used, load 0.5,
    /// 3 kB/s on eth0, and a loopback that must not count.
    static func nodeExporter(size: Size) throws -> ConsoleHarness {
        let h = try ConsoleHarness(size: size, startPane: "health")
        let now = h.clock.now()
        let target = ["job": "node", "instance": "127.0.0.1:9100"]
        func sample(_ name: String, _ labels: [String: String] = [:], _ t: Date, _ value: Double) -> SampleInput {
            SampleInput(name: name, labels: labels.merging(target) { own, _ in own }, time: t, value: value)
        }
        for (i, step) in stride(from: 900.0, through: 0, by: -10).enumerated() {
            let t = now.addingTimeInterval(-step)
            var batch: [SampleInput] = []
            if i > 0 {
                for cpu in ["0", "1"] {
                    for (mode, rate) in [("idle", 0.70), ("iowait", 0.05), ("user", 0.20), ("system", 0.05)] {
                        batch.append(sample("node_cpu_seconds_per_second", ["cpu": cpu, "mode": mode], t, rate))
                    }
                }
                batch.append(sample("node_network_receive_bytes_per_second", ["device": "eth0"], t, 1000))
                batch.append(sample("node_network_transmit_bytes_per_second", ["device": "eth0"], t, 2000))
                batch.append(sample("node_network_receive_bytes_per_second", ["device": "lo"], t, 1e8))
            }
            batch.append(sample("node_memory_MemTotal_bytes", [:], t, 8e9))
            batch.append(sample("node_memory_MemAvailable_bytes", [:], t, 2e9))
            batch.append(sample("node_filesystem_size_bytes", ["mountpoint": "/", "device": "sda1"], t, 100e9))
            batch.append(sample("node_filesystem_avail_bytes", ["mountpoint": "/", "device": "sda1"], t, 20e9))
            batch.append(sample("node_load1", [:], t, 0.5))
            _ = try h.store.recordSamples(batch, now: t)
        }
        _ = h.app.refresh(force: true)
        return h
    }

    @Test func nodeExporterFeedsTheHostBox() throws {
        let h = try Self.nodeExporter(size: Size(width: 120, height: 40))
        let gauges = Dictionary(uniqueKeysWithValues: h.health.snapshot.gauges.map { ($0.id, $0) })
        #expect(abs((gauges["cpu"]?.value ?? 0) - 25) < 0.01)
        #expect(abs((gauges["memory"]?.value ?? 0) - 75) < 0.01)
        #expect(abs((gauges["disk"]?.value ?? 0) - 80) < 0.01)
        #expect(gauges["load"]?.value == 0.5)
        // 1 kB/s received + 2 kB/s sent; loopback's 100 MB/s is left out.
        #expect(abs((gauges["network"]?.value ?? 0) - 3) < 0.01)
        #expect(gauges["network"]?.history.filter(\.isFinite).allSatisfy { abs($0 - 3) < 0.01 } == true)
        #expect(gauges["cpu"]?.history.filter(\.isFinite).allSatisfy { abs($0 - 25) < 0.01 } == true)
        #expect(h.health.snapshot.services.first { $0.name == "Host" }?.detail == "cpu 25%")
        #expect(!h.text.contains("no data\n") && h.text.contains("Network"))
    }

    @Test func hostBoxWithoutAnySourceSaysNoData() throws {
        let h = try ConsoleHarness(size: Size(width: 120, height: 40), startPane: "health")
        #expect(h.health.snapshot.gauges.allSatisfy { $0.value == nil })
        #expect(h.text.contains("no data"))
    }

    @Test(arguments: HealthPaneGoldenTests.sizes) func nodeExporterGolden(size: Size) throws {
        let h = try Self.nodeExporter(size: size)
        assertSnapshot(h.frame(), named: "health-node-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }
}
