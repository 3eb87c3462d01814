import Foundation
@testable import OpsConsole
import OpsCore
import OpsStore
import TermUI

/// A seeded alert queue for the Alert pane's goldens and tests: a dozen alerts in every
/// state, fixed times relative to the harness's pinned clock. The console opens on the
/// Health pane, the alerts are written, then the Alerts pane is shown (so its first look
/// at the newest alert id highlights nothing).
@MainActor
enum AlertFixtures {
    struct Seeded {
        /// Ids by a short name.
        var ids: [String: Int64]
        subscript(_ name: String) -> Int64 { ids[name] ?? -1 }
    }

    static func harness(size: Size = Size(width: 120, height: 40), theme: Theme = .default, readOnly: Bool = false) throws -> (ConsoleHarness, Seeded) {
        let h = try ConsoleHarness(size: size, readOnly: readOnly, theme: theme, startPane: "health")
        let seeded = try seed(h)
        h.app.switchTo("alerts")
        h.frame()
        return (h, seeded)
    }

    static func upsert(_ h: ConsoleHarness, _ name: String, _ service: String, instance: String, severity: AlertSeverity,
                       minutesAgo: Double, summary: String, team: String?, annotations: [String: String] = [:]) throws -> Int64 {
        let labels = ["alertname": name, "service": service, "instance": instance, "severity": severity.rawValue]
        let at = h.clock.now().addingTimeInterval(-minutesAgo * 60)
        return try h.store.upsertAlert(AlertSignal(
            fingerprint: "\(name)/\(service)/\(instance)", rule: name, labels: labels, annotations: annotations, severity: severity,
            status: .firing, summary: summary, runbookURL: "https://runbooks.penguinmails.example.com/\(name)",
            value: 97.5, at: at, team: team)).alert.id
    }

    static func seed(_ h: ConsoleHarness) throws -> Seeded {
        let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)
        var ids: [String: Int64] = [:]
        ids["api"] = try upsert(h, "HighErrorRate", "api-gateway", instance: "api1:9100", severity: .critical, minutesAgo: 180,
                                summary: "5xx rate 7.2% on api-gateway for 10m", team: "platform",
                                annotations: ["description": "Error budget burning 14x", "dashboard": "https://grafana.example.com/d/api"])
        // Fired, resolved by the source, fired again: the second row has a previous occurrence.
        _ = try upsert(h, "SMTPQueueBacklog", "smtp-out", instance: "mx1:9100", severity: .critical, minutesAgo: 50,
                       summary: "Outbound queue 48k messages", team: "mail")
        _ = try h.store.resolveAlert(fingerprint: "SMTPQueueBacklog/smtp-out/mx1:9100", at: h.clock.now().addingTimeInterval(-48 * 60))
        ids["queue"] = try upsert(h, "SMTPQueueBacklog", "smtp-out", instance: "mx1:9100", severity: .critical, minutesAgo: 45,
                                  summary: "Outbound queue 48k messages", team: "mail",
                                  annotations: ["description": "Deliveries to gmail.com deferred (421)"])
        ids["disk1"] = try upsert(h, "HostDiskFull", "smtp-out", instance: "mx1:9100", severity: .warning, minutesAgo: 43,
                                  summary: "Disk /var/spool 93% full on mx1", team: "mail")
        ids["disk2"] = try upsert(h, "HostDiskFull", "smtp-out", instance: "mx2:9100", severity: .warning, minutesAgo: 1_500,
                                  summary: "Disk /var/spool 91% full on mx2", team: "mail")
        ids["disk3"] = try upsert(h, "HostDiskFull", "smtp-out", instance: "mx3:9100", severity: .warning, minutesAgo: 3_000,
                                  summary: "Disk /var/spool 95% full on mx3", team: "mail")
        ids["cert"] = try upsert(h, "TLSCertExpiring", "cdn", instance: "edge1:443", severity: .info, minutesAgo: 600,
                                 summary: "Certificate for img.penguinmails.com expires in 6 days", team: "edge")
        ids["rbl"] = try upsert(h, "BlacklistListed", "mx-edge", instance: "mx-edge1:25", severity: .critical, minutesAgo: 90,
                                summary: "203.0.113.7 listed on 2 RBLs", team: "mail")
        ids["flap"] = try upsert(h, "ProbeFailed", "webhooks", instance: "hooks1:443", severity: .warning, minutesAgo: 30,
                                 summary: "Webhook probe failing intermittently", team: "platform")
        ids["fax"] = try upsert(h, "NodeDown", "legacy-fax", instance: "fax1:9100", severity: .critical, minutesAgo: 240,
                                summary: "legacy-fax node unreachable", team: "sre")
        ids["snooze"] = try upsert(h, "ReplicaLag", "postgres-replica", instance: "pg2:9187", severity: .warning, minutesAgo: 120,
                                   summary: "Replica 340s behind primary", team: "data")
        ids["old"] = try upsert(h, "BounceRateHigh", "bounce-processor", instance: "bp1:9100", severity: .warning, minutesAgo: 400,
                                summary: "Bounce rate 9% for campaign 4411", team: "mail")
        // Workflow: acknowledged with a note, assigned, escalated, snoozed, silenced, flapping, resolved.
        try h.store.acknowledgeAlerts([ids["rbl"] ?? 0], note: "delisting request sent to Spamhaus", as: op)
        try h.store.assignAlerts([ids["rbl"] ?? 0, ids["api"] ?? 0], to: ConsoleHarness.operatorLogin, as: op)
        try h.store.snoozeAlerts([ids["snooze"] ?? 0], until: h.clock.now().addingTimeInterval(3_600), as: op)
        _ = try h.store.addSilence(matchers: LabelMatcher.parseList("service=\"legacy-fax\""), endsAt: h.clock.now().addingTimeInterval(86_400),
                                   comment: "fax gateway being retired", as: op)
        try h.store.resolveAlerts([ids["old"] ?? 0], note: "campaign paused", as: op)
        try h.store.write { db in
            try db.execute(sql: "UPDATE alert SET flapping = 1 WHERE id = ?", arguments: [ids["flap"] ?? 0])
            try db.execute(sql: "UPDATE alert SET escalation_level = 2 WHERE id = ?", arguments: [ids["api"] ?? 0])
            try db.execute(sql: "UPDATE alert SET occurrences = 7 WHERE id = ?", arguments: [ids["flap"] ?? 0])
        }
        return Seeded(ids: ids)
    }

    /// The alert's state as stored.
    static func state(_ h: ConsoleHarness, _ id: Int64) throws -> AlertRecord {
        try h.store.alertDetail(id: id, as: ActorContext(osLogin: ConsoleHarness.operatorLogin)).alert
    }
}
