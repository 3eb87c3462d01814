import Foundation

/// The per-alert checks shared by webhooks and the API. Each throws the first problem with
/// the field's path; callers check every alert before applying any.
struct AlertmanagerValidation {
    let limits: AlertmanagerLimits
    /// Fingerprints met so far, with the index of the alert that had each.
    private var seen: [String: Int] = [:]

    init(limits: AlertmanagerLimits) {
        self.limits = limits
    }

    /// Where an alert sits in the payload: `alerts[3]` (webhook) or `[3]` (API). Field paths
    /// are spelled only for an error: a payload of 1,000 valid alerts builds none.
    struct AlertPath {
        var list: String
        var index: Int
        var text: String { "\(list)[\(index)]" }
    }

    /// Checks the fields every alert has and returns the alert, firing until the caller
    /// says otherwise.
    mutating func alert(_ at: AlertPath, fingerprint: String?, labels: [String: String]?, annotations: [String: String]?,
                        startsAt: String?, endsAt: String?, generatorURL: String?) throws(AlertmanagerPayloadError) -> AlertmanagerAlert {
        var path: String { at.text }
        let fingerprint = try self.fingerprint(at, fingerprint)
        guard let labels else { throw .missing(field: "\(path).labels") }
        try pairs("\(path).labels", labels)
        try pairs("\(path).annotations", annotations ?? [:])
        guard let startsAt else { throw .missing(field: "\(path).startsAt") }
        guard case let .time(start) = try time("\(path).startsAt", startsAt) else {
            throw .invalid(field: "\(path).startsAt", reason: "is Go's zero time; an alert always has a start")
        }
        var end: Date?
        if let endsAt, case let .time(date) = try time("\(path).endsAt", endsAt) { end = date }
        if let generatorURL { try value("\(path).generatorURL", generatorURL) }
        return AlertmanagerAlert(fingerprint: fingerprint, firing: true, labels: labels, annotations: annotations ?? [:],
                                 startsAt: start, endsAt: end, generatorURL: generatorURL?.isEmpty == true ? nil : generatorURL)
    }

    /// Present, short, printable ASCII without blanks, and not repeated in the payload: two
    /// entries for one alert would make the result depend on their order.
    private mutating func fingerprint(_ at: AlertPath, _ text: String?) throws(AlertmanagerPayloadError) -> String {
        var field: String { "\(at.text).fingerprint" }
        guard let text, !text.isEmpty else { throw .missing(field: field) }
        guard text.utf8.count <= limits.maxFingerprintBytes else {
            throw .valueTooLong(field: field, bytes: text.utf8.count, limit: limits.maxFingerprintBytes)
        }
        guard text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalid(field: field, reason: "\"\(AlertmanagerText.shown(text))\" is not a fingerprint (printable ASCII without blanks)")
        }
        if let first = seen.updateValue(at.index, forKey: text) {
            throw .invalid(field: field, reason: "repeats the fingerprint \(text) of \(AlertPath(list: at.list, index: first).text)")
        }
        return text
    }

    func pairs(_ field: @autoclosure () -> String, _ map: [String: String]) throws(AlertmanagerPayloadError) {
        guard map.count <= limits.maxPairs else { throw .tooManyPairs(field: field(), count: map.count, limit: limits.maxPairs) }
        do {
            for (key, text) in map { try pair(field(), key, text) }
        } catch {
            // The problem reported is the first in name order: a dictionary's order differs
            // between two equal maps, so without this the fast reader's map and the decoder's
            // named different problems for one payload (found by FuzzWebhookDifferential).
            for (key, text) in map.sorted(by: { $0.key < $1.key }) { try pair(field(), key, text) }
            throw error
        }
    }

    private func pair(_ field: @autoclosure () -> String, _ key: String, _ text: String) throws(AlertmanagerPayloadError) {
        guard !key.isEmpty else { throw .invalid(field: field(), reason: "has an empty name") }
        if key.utf8.count > limits.maxValueBytes {
            throw .valueTooLong(field: "\(field()) name \(AlertmanagerText.shown(key))", bytes: key.utf8.count, limit: limits.maxValueBytes)
        }
        guard !key.utf8.contains(0) else { throw .invalid(field: "\(field()) name \(AlertmanagerText.shown(key))", reason: Self.nulReason) }
        try value("\(field()).\(AlertmanagerText.shown(key))", text)
    }

    /// Short enough, and without NUL: the store reads text as C strings, so a NUL would
    /// cut the value on the way back out (`Printable.refuseNUL`, the rule at every edge).
    func value(_ field: @autoclosure () -> String, _ text: String) throws(AlertmanagerPayloadError) {
        let bytes = text.utf8.count
        guard bytes <= limits.maxValueBytes else { throw .valueTooLong(field: field(), bytes: bytes, limit: limits.maxValueBytes) }
        guard !text.utf8.contains(0) else { throw .invalid(field: field(), reason: Self.nulReason) }
    }

    static let nulReason = "contains a NUL character (U+0000), which cannot be stored"

    func time(_ field: @autoclosure () -> String, _ text: String) throws(AlertmanagerPayloadError) -> AlertmanagerTime.Value {
        guard let value = AlertmanagerTime.parse(text) else {
            throw .invalid(field: field(), reason: "\"\(AlertmanagerText.shown(text))\" is not an RFC 3339 time between 1970 and 9999")
        }
        return value
    }
}
