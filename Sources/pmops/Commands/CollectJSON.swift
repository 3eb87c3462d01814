import Foundation
import OpsCollector
import OpsCore
import OpsStore

/// A JSON object key; the documented fields are always present, null when unset.
struct JSONField: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedEncodingContainer where Key == JSONField {
    /// Encodes `value`, or null: scripts can rely on every documented key.
    mutating func field(_ name: String, _ value: (some Encodable)?) throws {
        if let value { try encode(value, forKey: JSONField(name)) } else { try encodeNil(forKey: JSONField(name)) }
    }

    mutating func time(_ name: String, _ date: Date?) throws {
        try field(name, date.map(Timestamp.format))
    }
}

/// `pmops collect --once --json`.
struct TickJSON: Encodable {
    let report: CollectorTickReport
    init(_ report: CollectorTickReport) { self.report = report }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONField.self)
        try c.time("at", report.at)
        try c.field("duration_ms", (report.duration * 1000 * 100).rounded() / 100)
        try c.field("sources", report.sources.map(SourceTickJSON.init))
        try c.field("stored", report.ingest?.stored)
        try c.field("new_series", report.ingest?.newSeries)
        try c.field("skipped", report.ingest.map { $0.skippedNaN + $0.skippedInvalid + $0.skippedFuture })
        try c.field("write_error", report.writeError)
        try c.field("alerts", report.alerts.map(AlertChangeJSON.init))
    }
}

struct SourceTickJSON: Encodable {
    let tick: SourceTick
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONField.self)
        try c.field("name", tick.name)
        try c.field("status", tick.outcome == .failed ? "down" : "up")
        try c.field("samples", tick.sampleCount)
        try c.field("error", tick.error)
        try c.field("duration_ms", (tick.duration * 1000 * 100).rounded() / 100)
        try c.field("consecutive_failures", tick.consecutiveFailures)
        try c.time("next_attempt", tick.nextAttempt)
    }
}

struct AlertChangeJSON: Encodable {
    let change: AlertChange
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONField.self)
        try c.field("fingerprint", change.fingerprint)
        try c.field("rule", change.rule)
        try c.field("change", change.kind.rawValue)
        try c.field("severity", change.severity.rawValue)
        try c.field("summary", change.summary)
        try c.field("value", change.value.isFinite ? change.value : nil)
        try c.field("labels", change.labels)
        try c.time("at", change.at)
    }
}
