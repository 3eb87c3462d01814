import Foundation
package import GRDB
import OpsCore

/// Alert rows decode in place; `AlertRecord` itself is an OpsCore value.
extension AlertRecord: StoredRecord {
    package init(row: Row) throws {
        let severityText: String = row["severity"]
        let statusText: String = row["status"]
        // The table's CHECK constraints admit only these values.
        self.init(
            id: row["id"],
            fingerprint: row["fingerprint"],
            rule: row["rule"],
            source: row["source"],
            labels: Self.decode(row["labels"]),
            annotations: Self.decode(row["annotations"]),
            severity: AlertSeverity(rawValue: severityText) ?? .warning,
            status: AlertStatus(rawValue: statusText) ?? .firing,
            summary: row["summary"],
            runbookURL: row["runbook_url"],
            value: row["value"],
            startsAt: MetricTime.parse(row["starts_at"]) ?? Date(timeIntervalSince1970: 0),
            lastSeenAt: MetricTime.parse(row["last_seen_at"]) ?? Date(timeIntervalSince1970: 0),
            endsAt: (row["ends_at"] as String?).flatMap(MetricTime.parse),
            occurrences: row["occurrences"],
            assignee: row["assignee"],
            team: row["team"],
            state: AlertState(rawValue: row["state"] ?? "open") ?? .open,
            ackedBy: row["acked_by"],
            ackedAt: (row["acked_at"] as String?).flatMap(MetricTime.parse),
            ackNote: row["ack_note"],
            snoozedUntil: (row["snoozed_until"] as String?).flatMap(MetricTime.parse),
            resolvedBy: row["resolved_by"],
            resolvedAt: (row["resolved_at"] as String?).flatMap(MetricTime.parse),
            closedBy: row["closed_by"],
            closedAt: (row["closed_at"] as String?).flatMap(MetricTime.parse),
            closeReason: row["close_reason"],
            falsePositive: (row["false_positive"] as Int?) == 1,
            silenceID: row["silence_id"],
            escalationLevel: row["escalation_level"] ?? 0,
            escalatedAt: (row["escalated_at"] as String?).flatMap(MetricTime.parse),
            previousID: row["previous_id"],
            flapping: (row["flapping"] as Int?) == 1,
            groupKey: row["group_key"] ?? "",
            service: row["service"] ?? "",
            version: row["version"] ?? 1)
    }

    static func decode(_ text: String?) -> [String: String] {
        guard let text else { return [:] }
        if let fast = FlatJSON.object(text) { return fast }
        return (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }

    static func encode(_ fields: [String: String]) -> String {
        JSONValue.canonical(fields)
    }
}

/// The result of an alert write: the row as stored and the status it had before.
public struct AlertWrite: Sendable, Equatable {
    public var alert: AlertRecord
    /// nil for a new row.
    public var previousStatus: AlertStatus?
    /// True when the write reopened a recently resolved row instead of starting a new one.
    public var reopened: Bool
    /// True when the change was recorded in the audit trail.
    public var audited: Bool
}

/// Reads the flat `{"k":"v",…}` objects the store writes for labels and annotations without
/// JSONDecoder (it dominated reading alert rows). Anything else returns nil and the caller
/// falls back to JSONDecoder.
enum FlatJSON {
    static func object(_ text: String) -> [String: String]? {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { b -> [String: String]? in
            var i = 0
            let n = b.count
            func skip() { while i < n, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 } }
            func string() -> String? {
                guard i < n, b[i] == 0x22 else { return nil }
                i += 1
                let start = i
                while i < n, b[i] != 0x22 {
                    if b[i] == 0x5C { return nil }  // escapes: leave them to JSONDecoder
                    i += 1
                }
                guard i < n else { return nil }
                let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            skip()
            guard i < n, b[i] == 0x7B else { return nil }
            i += 1
            var result: [String: String] = [:]
            skip()
            if i < n, b[i] == 0x7D { i += 1; skip(); return i == n ? result : nil }
            while true {
                skip()
                guard let key = string() else { return nil }
                skip()
                guard i < n, b[i] == 0x3A else { return nil }
                i += 1
                skip()
                guard let value = string() else { return nil }
                result[key] = value
                skip()
                guard i < n else { return nil }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == 0x7D { i += 1; break }
                return nil
            }
            skip()
            return i == n ? result : nil
        }
    }
}
