import Foundation
import OpsCore
import OpsStore

/// A validated webhook notification (payload version 4, Alertmanager 0.25 and later).
///
/// `parse` refuses the whole payload on the first problem, so a notification is applied
/// entirely or not at all. Only `alerts` reach the store; the group fields are kept for
/// output and logs.
public struct AlertmanagerWebhook: Sendable, Equatable {
    /// The store `source` of alerts that arrive by webhook.
    public static let signalSource = "alertmanager"

    public var groupKey: String
    /// The group's status: true when any alert of the group still fires.
    public var firing: Bool
    public var receiver: String
    public var groupLabels: [String: String]
    public var commonLabels: [String: String]
    public var commonAnnotations: [String: String]
    public var externalURL: String?
    /// Alerts Alertmanager left out because of the receiver's `max_alerts`: they exist,
    /// fire, and are not in `alerts`.
    public var truncatedAlerts: Int
    public var alerts: [AlertmanagerAlert]

    /// Validates `data` whole: size, JSON syntax, version "4", then every field of every alert.
    public static func parse(_ data: Data, limits: AlertmanagerLimits = .standard) throws(AlertmanagerPayloadError) -> AlertmanagerWebhook {
        try parse(data, limits: limits, reader: WebhookReader.read)
    }

    /// `reader` nil decodes with `JSONDecoder` alone (tests compare the two).
    static func parse(_ data: Data, limits: AlertmanagerLimits,
                      reader: ((Data, AlertmanagerLimits) -> WireWebhook?)?) throws(AlertmanagerPayloadError) -> AlertmanagerWebhook {
        let wire = try AlertmanagerDecoding.decode(WireWebhook.self, from: data, limits: limits, reader: reader)
        let firing = try status("status", wire.status)
        guard let list = wire.alerts else { throw .missing(field: "alerts") }
        let truncated = wire.truncatedAlerts ?? 0
        guard truncated >= 0 else { throw .invalid(field: "truncatedAlerts", reason: "is negative (\(truncated))") }
        var check = AlertmanagerValidation(limits: limits)
        for (field, text) in [("groupKey", wire.groupKey), ("receiver", wire.receiver), ("externalURL", wire.externalURL)] {
            if let text { try check.value(field, text) }
        }
        for (field, map) in [("groupLabels", wire.groupLabels), ("commonLabels", wire.commonLabels),
                             ("commonAnnotations", wire.commonAnnotations)] {
            try check.pairs(field, map ?? [:])
        }
        var alerts: [AlertmanagerAlert] = []
        alerts.reserveCapacity(list.count)
        for (index, one) in list.enumerated() {
            let at = AlertmanagerValidation.AlertPath(list: "alerts", index: index)
            var alert = try check.alert(at, fingerprint: one.fingerprint, labels: one.labels, annotations: one.annotations,
                                        startsAt: one.startsAt, endsAt: one.endsAt, generatorURL: one.generatorURL)
            alert.firing = try status("\(at.text).status", one.status)
            alerts.append(alert)
        }
        return AlertmanagerWebhook(groupKey: wire.groupKey ?? "", firing: firing, receiver: wire.receiver ?? "",
                                   groupLabels: wire.groupLabels ?? [:], commonLabels: wire.commonLabels ?? [:],
                                   commonAnnotations: wire.commonAnnotations ?? [:],
                                   externalURL: wire.externalURL.flatMap { $0.isEmpty ? nil : $0 }, truncatedAlerts: truncated,
                                   alerts: alerts)
    }

    /// What the store applies: one signal per alert, source "alertmanager".
    public var signals: [AlertSignal] { alerts.map { $0.signal(source: Self.signalSource) } }

    /// "firing" → true, "resolved" → false.
    private static func status(_ field: @autoclosure () -> String, _ text: String?) throws(AlertmanagerPayloadError) -> Bool {
        switch text {
        case "firing": return true
        case "resolved": return false
        case nil: throw .missing(field: field())
        case let other?: throw .invalid(field: field(), reason: "is \"\(AlertmanagerText.shown(other))\"; expected firing or resolved")
        }
    }
}
