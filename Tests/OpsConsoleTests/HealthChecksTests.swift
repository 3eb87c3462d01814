import Foundation
import OpsCore
import Testing
@testable import OpsConsole

/// A dashboard check's status comes from the open alerts that cover it, so the grid, the
/// header and the queue cannot disagree.
@Suite("Health checks from alert state")
struct HealthChecksTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func alert(_ rule: String, _ severity: AlertSeverity, _ status: AlertStatus, firesIn: TimeInterval? = nil,
                      labels: [String: String] = [:]) -> AlertRecord {
        let json = "{" + (["alertname": rule].merging(labels) { a, _ in a }).sorted { $0.key < $1.key }
            .map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",") + "}"
        let annotations = firesIn.map { [AlertRecord.firesAtAnnotation: Timestamp.format(now.addingTimeInterval($0))] } ?? [:]
        return AlertRecord(id: 1, fingerprint: rule, rule: rule, source: "rules", labels: decode(json), annotations: annotations,
                           severity: severity, status: status, summary: rule, runbookURL: nil, value: nil, startsAt: now,
                           lastSeenAt: now, endsAt: nil, occurrences: status == .firing ? 1 : 0, assignee: nil, team: nil, state: .open,
                           ackedBy: nil, ackedAt: nil, ackNote: nil, snoozedUntil: nil, resolvedBy: nil, resolvedAt: nil, closedBy: nil,
                           closedAt: nil, closeReason: nil, falsePositive: false, silenceID: nil, escalationLevel: 0, escalatedAt: nil,
                           previousID: nil, flapping: false, groupKey: rule, service: "", version: 1)
    }

    static func decode(_ json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }

    /// (check, the reading's own verdict, open alerts, expected health, expected note)
    static let cases: [(String, DashboardSnapshot.Health, [AlertRecord], DashboardSnapshot.Health, String?)] = [
        ("MTA queue", .down, [], .healthy, nil),  // past the threshold, no alert yet: not "down"
        ("MTA queue", .down, [alert("queue_depth_critical", .critical, .pending, firesIn: 80)], .pending, "fires in 1m20s"),
        ("MTA queue", .healthy, [alert("queue_depth_critical", .critical, .firing)], .down, nil),
        ("MTA queue", .healthy, [alert("queue_depth_warning", .warning, .firing)], .degraded, nil),
        ("MTA queue", .unknown, [alert("mta_metrics_absent", .critical, .firing)], .down, nil),
        ("MTA queue", .unknown, [], .unknown, nil),
        ("MTA queue", .healthy, [alert("cpu_busy", .warning, .firing)], .healthy, nil),  // another check's alert
        ("Host", .healthy, [alert("filesystem_full_warning", .warning, .firing)], .degraded, nil),
        ("API", .healthy, [alert("probe_down", .critical, .firing, labels: ["kind": "tcp"])], .healthy, nil),
        ("SMTP", .healthy, [alert("probe_down", .critical, .firing, labels: ["kind": "tcp"])], .down, nil),
        ("bounce", .down, [alert("bounce_rate_critical", .critical, .pending, firesIn: -5)], .pending, "fires any moment"),
    ]

    @Test("a check's status is the worst open alert that covers it", arguments: cases)
    func verdict(check: String, reading: DashboardSnapshot.Health, alerts: [AlertRecord],
                 expected: DashboardSnapshot.Health, note: String?) throws {
        let v = try #require(HealthChecks.verdict(check, reading: reading, alerts: alerts, now: Self.now))
        #expect(v.health == expected)
        #expect(v.note == note)
    }

    @Test("checks no rule covers keep their reading; every covering matcher list parses")
    func uncoveredAndParsed() {
        #expect(HealthChecks.verdict("Database", reading: .degraded, alerts: [], now: Self.now) == nil)
        #expect(HealthChecks.verdict("DNS", reading: .degraded, alerts: [], now: Self.now) == nil)
        for (check, matchers) in HealthChecks.covering { #expect(!matchers.isEmpty, "\(check)'s matchers do not parse") }
    }

    /// (seconds left, text)
    static let countdowns: [(TimeInterval?, String)] = [
        (80, "fires in 1m20s"), (59.2, "fires in 1m00s"), (5, "fires in 5s"), (3_700, "fires in 1h1m"), (0, "fires any moment"),
        (nil, "pending"),
    ]

    @Test("the countdown a pending alert shows", arguments: countdowns)
    func countdown(left: TimeInterval?, text: String) {
        #expect(Self.alert("r", .warning, .pending, firesIn: left).firesText(now: Self.now) == text)
    }
}
