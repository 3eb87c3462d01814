import ArgumentParser
import Foundation
import OpsCollector
import OpsCore
import OpsStore

/// `pmops alerts ingest [FILE|-]`: applies one Alertmanager webhook notification (payload
/// version 4) to the alert queue, for a webhook relay (`curl … | pmops alerts ingest`) or to
/// replay a saved notification. The payload is read with a 10 MiB cap and validated whole
/// before the store is opened, so a bad one changes nothing.
struct AlertsIngest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Apply an Alertmanager webhook notification (version 4) to the alert queue.",
        discussion: """
        Reads FILE, or standard input for - (the default), at most 10 MiB. The whole payload
        is checked first (JSON syntax, version "4", every alert's fingerprint, status, times
        and label sizes); on any problem nothing is applied and pmops exits 2. Alerts are
        stored under the fingerprint am:<fingerprint> with source "alertmanager"; severity
        comes from the severity label (critical/warning/info and common aliases such as
        page, error, none; anything else is warning), the summary from the summary or
        description annotation, else the alert name. Needs alerts.manage.
        """)

    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("Payload file, or - for standard input.", valueName: "file")) var file = "-"
    @OptionGroup var output: JSONOutput

    func run() throws {
        let webhook: AlertmanagerWebhook
        do {
            let data = try BoundedInput.read(path: file, limit: AlertmanagerLimits.standard.maxBytes)
            webhook = try AlertmanagerWebhook.parse(data)
        } catch {
            CLI.printError(error.description)
            throw ExitCode(Self.exitCode(error))
        }
        let db = try store.open()
        let report = try db.ingestAlerts(webhook.signals, actor: store.actor, at: Date())
        let result = AlertsIngestJSON(report: report, webhook: webhook)
        if output.json { return try CLI.printJSON(result) }
        print(result.line)
    }

    /// 3 for a missing file, 1 for one that cannot be read, 2 for a payload pmops refuses.
    static func exitCode(_ error: AlertmanagerPayloadError) -> Int32 {
        guard case let .cannotRead(_, _, missing) = error else { return 2 }
        return missing ? 3 : 1
    }
}

/// The `alerts ingest --json` document: the store's counts and the notification's facts.
struct AlertsIngestJSON: Encodable {
    let report: AlertIngestReport
    let webhook: AlertmanagerWebhook

    enum CodingKeys: String, CodingKey {
        case alerts, created, updated, resolved, unchanged, truncatedAlerts = "truncated_alerts", receiver, status
        case groupKey = "group_key"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(webhook.alerts.count, forKey: .alerts)
        try c.encode(report.created, forKey: .created)
        try c.encode(report.updated, forKey: .updated)
        try c.encode(report.resolved, forKey: .resolved)
        try c.encode(report.unchanged, forKey: .unchanged)
        try c.encode(webhook.truncatedAlerts, forKey: .truncatedAlerts)
        try c.encode(webhook.receiver, forKey: .receiver)
        try c.encode(webhook.firing ? "firing" : "resolved", forKey: .status)
        try c.encode(webhook.groupKey, forKey: .groupKey)
    }

    /// "2 alerts from ops-console: 1 created, 1 updated, 0 resolved, 0 unchanged; 1 alert
    /// truncated by Alertmanager (truncatedAlerts)."
    var line: String {
        let count = webhook.alerts.count
        let from = webhook.receiver.isEmpty ? "" : " from \(CLI.safe(webhook.receiver))"
        var text = "\(count) \(count == 1 ? "alert" : "alerts")\(from): \(report.created) created, \(report.updated) updated, "
            + "\(report.resolved) resolved, \(report.unchanged) unchanged"
        let truncated = webhook.truncatedAlerts
        if truncated > 0 {
            text += "; \(truncated) \(truncated == 1 ? "alert" : "alerts") truncated by Alertmanager (truncatedAlerts)"
        }
        return text + "."
    }
}
