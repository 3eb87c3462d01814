import Foundation
import OpsCore
import OpsStore

// MARK: - JSON shapes (documented in README; fields are added, never renamed)

// swift-format-ignore: AlwaysUseLowerCamelCase
// Property names are the JSON keys, snake_case as README documents them.
struct AlertJSON: Encodable {
    var id: Int64
    var fingerprint: String
    var rule: String
    var source: String
    var severity: String
    var state: String
    var status: String
    var silenced: Bool
    var silence_id: Int64?
    var flapping: Bool
    var summary: String
    var service: String
    var team: String?
    var assignee: String?
    var escalation_level: Int
    var occurrences: Int
    var labels: [String: String]
    var annotations: [String: String]
    var runbook_url: String?
    var starts_at: String
    var last_seen_at: String
    var ends_at: String?
    var acked_by: String?
    var acked_at: String?
    var ack_note: String?
    var snoozed_until: String?
    var resolved_by: String?
    var resolved_at: String?
    var closed_by: String?
    var closed_at: String?
    var close_reason: String?
    var false_positive: Bool
    var previous_id: Int64?
    var group: String
    var version: Int

    init(_ a: AlertRecord) {
        id = a.id; fingerprint = a.fingerprint; rule = a.rule; source = a.source; severity = a.severity.rawValue
        state = a.state.rawValue; status = a.status.rawValue; silenced = a.isSilenced; silence_id = a.silenceID; flapping = a.flapping
        summary = a.summary; service = a.service; team = a.team; assignee = a.assignee; escalation_level = a.escalationLevel
        occurrences = a.occurrences; labels = a.labels; annotations = a.annotations; runbook_url = a.runbookURL
        starts_at = Timestamp.format(a.startsAt); last_seen_at = Timestamp.format(a.lastSeenAt); ends_at = a.endsAt.map(Timestamp.format)
        acked_by = a.ackedBy; acked_at = a.ackedAt.map(Timestamp.format); ack_note = a.ackNote; snoozed_until = a.snoozedUntil.map(Timestamp.format)
        resolved_by = a.resolvedBy; resolved_at = a.resolvedAt.map(Timestamp.format); closed_by = a.closedBy; closed_at = a.closedAt.map(Timestamp.format)
        close_reason = a.closeReason; false_positive = a.falsePositive; previous_id = a.previousID; group = a.groupKey; version = a.version
    }

    // Optional fields are written as null, so every key is always present.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        func put<T: Encodable>(_ key: String, _ value: T?) throws {
            if let value { try c.encode(value, forKey: DynamicKey(key)) } else { try c.encodeNil(forKey: DynamicKey(key)) }
        }
        try put("id", id); try put("fingerprint", fingerprint); try put("rule", rule); try put("source", source)
        try put("severity", severity); try put("state", state); try put("status", status); try put("silenced", silenced)
        try put("silence_id", silence_id); try put("flapping", flapping); try put("summary", summary); try put("service", service)
        try put("team", team); try put("assignee", assignee); try put("escalation_level", escalation_level)
        try put("occurrences", occurrences); try put("labels", labels); try put("annotations", annotations)
        try put("runbook_url", runbook_url); try put("starts_at", starts_at); try put("last_seen_at", last_seen_at)
        try put("ends_at", ends_at); try put("acked_by", acked_by); try put("acked_at", acked_at); try put("ack_note", ack_note)
        try put("snoozed_until", snoozed_until); try put("resolved_by", resolved_by); try put("resolved_at", resolved_at)
        try put("closed_by", closed_by); try put("closed_at", closed_at); try put("close_reason", close_reason)
        try put("false_positive", false_positive); try put("previous_id", previous_id); try put("group", group); try put("version", version)
    }
}

struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

struct AlertsListJSON: Encodable {
    var total: Int
    var offset: Int
    var alerts: [AlertJSON]
}

// swift-format-ignore: AlwaysUseLowerCamelCase
// Property names are the JSON keys, snake_case as README documents them.
struct AlertEventJSON: Encodable {
    var at: String
    var actor: String
    var kind: String
    var from_state: String?
    var to_state: String?
    var note: String?
    var detail: JSONValue?
}

struct AlertDetailJSON: Encodable {
    var alert: AlertJSON
    var history: [AlertEventJSON]
    var previous: [Int64]
    var related: [AlertJSON]
    var silence: SilenceJSON?

    init(_ d: AlertDetail) {
        alert = AlertJSON(d.alert)
        history = d.history.map {
            AlertEventJSON(at: Timestamp.format($0.at), actor: $0.actor, kind: $0.kind, from_state: $0.fromState, to_state: $0.toState,
                           note: $0.note, detail: $0.detail.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) })
        }
        previous = d.previous.map(\.id)
        related = d.related.map(AlertJSON.init)
        silence = d.silence.map { SilenceJSON($0, now: Date()) }
    }
}

struct AlertStatsJSON: Encodable {
    var since: String
    var rows: [AlertStatsRow]
}
