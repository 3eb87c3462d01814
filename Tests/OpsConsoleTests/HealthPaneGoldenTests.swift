import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// The health dashboard over a store filled with 15 minutes of the demo workload (during
/// the queue-backlog episode), fixed host values, source statuses and firing alerts.
@MainActor
@Suite("Health dashboard")
struct HealthPaneGoldenTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    /// 15 minutes of samples every 10 s ending at the harness clock, which sits 150 s into
    /// the demo script (the queue backlog).
    static func seeded(size: Size, theme: Theme = .default) throws -> ConsoleHarness {
        let h = try ConsoleHarness(size: size, theme: theme, startPane: "health")
        let now = h.clock.now()
        let workload = DemoWorkload(start: now.addingTimeInterval(-150 - DemoWorkload.cycle))
        for step in stride(from: 900.0, through: 0, by: -10) {
            let t = now.addingTimeInterval(-step)
            var batch = workload.samples(at: t).map { SampleInput(name: $0.name, labels: $0.labels, time: t, value: $0.value) }
            let phase = (900 - step) / 900
            batch.append(SampleInput(name: "host_cpu_busy_percent", labels: ["cpu": "total"], time: t, value: 20 + 30 * phase))
            batch.append(SampleInput(name: "host_memory_used_percent", time: t, value: 61))
            batch.append(SampleInput(name: "host_filesystem_used_percent", labels: ["mount": "/"], time: t, value: 93.5))
            batch.append(SampleInput(name: "host_load1", time: t, value: 0.8 + phase))
            batch.append(SampleInput(name: "probe_up", labels: ["target": "smtp-1:587", "kind": "tcp"], time: t, value: 1))
            batch.append(SampleInput(name: "probe_up", labels: ["target": "api-health", "kind": "http"], time: t, value: step == 300 ? 0 : 1))
            try h.store.recordSamples(batch, sourceStatus: [
                SourceStatusInput(source: "demo", up: true, lastSuccess: t, lastAttempt: t),
                SourceStatusInput(source: "host", up: true, lastSuccess: t, lastAttempt: t),
                SourceStatusInput(source: "scrape-node", up: false, lastError: "connection refused (127.0.0.1:9100)",
                                  lastSuccess: now.addingTimeInterval(-95), lastAttempt: t, consecutiveFailures: 3),
            ], now: t)
        }
        _ = try h.store.upsertAlert(AlertSignal(fingerprint: "q1", rule: "queue_depth_critical", labels: ["queue": "outbound-main"],
                                                severity: .critical, status: .firing, summary: "Queue outbound-main holds 10,875 messages",
                                                value: 10_875, at: now.addingTimeInterval(-40)))
        _ = try h.store.upsertAlert(AlertSignal(fingerprint: "f1", rule: "filesystem_full_warning", labels: ["mount": "/"],
                                                severity: .warning, status: .firing, summary: "Filesystem / is 93.5 % full",
                                                value: 93.5, at: now.addingTimeInterval(-600)))
        // On its way: inside the rule's `for`, due in 1m20s.
        _ = try h.store.upsertAlert(AlertSignal(fingerprint: "b1", rule: "bounce_rate_critical", labels: ["pool": "main", "service": "mta"],
                                                annotations: [AlertRecord.firesAtAnnotation: Timestamp.format(now.addingTimeInterval(80))],
                                                severity: .critical, status: .pending, summary: "Bounce rate 5.4 % on pool main",
                                                value: 5.4, at: now.addingTimeInterval(-40)))
        _ = h.app.refresh(force: true)
        return h
    }

    @Test(arguments: sizes) func dashboard(size: Size) throws {
        let h = try Self.seeded(size: size)
        assertSnapshot(h.frame(), named: "health-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test(arguments: sizes) func detailChart(size: Size) throws {
        let h = try Self.seeded(size: size)
        h.press(.right, .right, .right, .enter) // queue depth
        #expect(h.health.showingDetail)
        assertSnapshot(h.frame(), named: "health-chart-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func mono() throws {
        let h = try Self.seeded(size: Size(width: 120, height: 40), theme: Theme.default.monochrome())
        assertSnapshot(h.frame(), named: "health-mono-120x40", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func showsWhatTheStoreHolds() throws {
        let h = try Self.seeded(size: Size(width: 200, height: 60))
        let text = h.text
        #expect(text.contains("1 Health (1)"), "the tab counts firing criticals")
        #expect(text.contains("MTA queue"))
        #expect(text.contains("degraded") || text.contains("down"))
        #expect(text.contains("Queue outbound-main holds"))
        #expect(text.contains("connection refused"))
        #expect(text.contains("stale"), "a source without success for 95 s is stale")
        #expect(text.contains("api-health"))
        #expect(h.health.snapshot.services.first { $0.name == "Disk" || $0.name == "Host" }?.health == .degraded)
    }

    @Test func pendingAlertsShowAndTheGridAgreesWithTheHeader() throws {
        let h = try Self.seeded(size: Size(width: 200, height: 60))
        let text = h.text
        #expect(text.contains("Pending: 1"))
        #expect(text.contains("fires in 1m20s  Bounce rate 5.4 % on pool main"))
        #expect(h.health.snapshot.kpis.first { $0.id == "bounce" }?.health == .pending)
        // The grid says down only where a critical alert fires, as the header counts them.
        let down = h.health.snapshot.services.filter { $0.health == .down }.map(\.name)
        #expect(down == ["MTA queue"], "\(down)")
        #expect(h.health.snapshot.severityCounts["critical"] == 1)
    }

    @Test func windowKeysCycle() throws {
        let h = try Self.seeded(size: Size(width: 120, height: 40))
        #expect(h.health.window == .h1)
        h.press(.char("w"))
        #expect(h.health.window == .h6)
        h.press(.char("W"), .char("W"))
        #expect(h.health.window == .m15)
        #expect(h.text.contains("[15m]"))
    }

    @Test func emptyStoreSaysSo() throws {
        let h = try ConsoleHarness(startPane: "health")
        #expect(h.text.contains("No source has reported."))
        #expect(h.text.contains("Nothing is firing."))
    }
}
