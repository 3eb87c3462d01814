import Foundation

/// The body of a webhook page. The generic object is built when the page is queued (so
/// the outbox holds what was true when it paged, and a restart resends the same thing);
/// the Slack body is derived from it at delivery, because the format is the operator's
/// choice, not the store's.
public enum WebhookPayload {
    /// The generic page object as canonical JSON.
    public static func generic(_ alert: AlertRecord, level: Int, recipient: String) -> String {
        var object: [String: JSONValue] = [
            "alert_id": .int(alert.id),
            "name": .string(alert.labels["alertname"] ?? alert.rule),
            "severity": .string(alert.severity.rawValue),
            "status": .string(alert.displayState),
            "summary": .string(alert.summary),
            "labels": .object(alert.labels.mapValues(JSONValue.string)),
            "annotations": .object(alert.annotations.mapValues(JSONValue.string)),
            "paged_level": .int(Int64(level)),
            "recipient": .string(recipient),
            "team": alert.team.map(JSONValue.string) ?? .null,
            "started_at": .string(Timestamp.format(alert.startsAt)),
        ]
        if let runbook = alert.runbookURL { object["runbook_url"] = .string(runbook) }
        return JSONValue.object(object).canonical
    }

    /// The body to POST for `format`: the generic object as queued, or Slack's `{"text": …}`.
    public static func body(_ queued: String, format: WebhookChannel.Format) -> Data {
        switch format {
        case .json: return Data(queued.utf8)
        case .slack: return Data(JSONValue.object(["text": .string(slackText(queued))]).canonical.utf8)
        }
    }

    /// One readable line (plus the runbook) for a chat channel.
    static func slackText(_ queued: String) -> String {
        guard let data = queued.data(using: .utf8),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return queued }
        let severity = (object["severity"] as? String ?? "alert").uppercased()
        let id = (object["alert_id"] as? NSNumber)?.stringValue ?? "?"
        let name = object["name"] as? String ?? ""
        let summary = object["summary"] as? String ?? ""
        let level = (object["paged_level"] as? NSNumber)?.stringValue ?? "?"
        let status = object["status"] as? String ?? ""
        var text = "[\(severity)] alert \(id) \(name): \(summary) (\(status), level \(level))"
        if let runbook = object["runbook_url"] as? String { text += "\nRunbook: \(runbook)" }
        return text
    }
}
