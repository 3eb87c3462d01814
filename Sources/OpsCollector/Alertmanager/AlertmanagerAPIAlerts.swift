import Foundation

/// The answer of `GET /api/v2/alerts`: every alert Alertmanager holds that has not ended,
/// with its state there. Validated whole, like a webhook: a sync resolves what the answer
/// does not list, so applying half an answer would resolve the other half by mistake.
public enum AlertmanagerAPIAlerts {
    /// The alerts of one answer. An alert is firing until its `endsAt`; one whose `endsAt`
    /// is at or before `now` is resolved (Alertmanager itself stops listing it then).
    public static func parse(_ data: Data, now: Date, limits: AlertmanagerLimits = .standard) throws(AlertmanagerPayloadError) -> [AlertmanagerAlert] {
        let wire = try AlertmanagerDecoding.decode(WireAPIAlerts.self, from: data, limits: limits)
        var check = AlertmanagerValidation(limits: limits)
        var alerts: [AlertmanagerAlert] = []
        alerts.reserveCapacity(wire.alerts.count)
        for (index, one) in wire.alerts.enumerated() {
            let at = AlertmanagerValidation.AlertPath(list: "", index: index)
            var path: String { at.text }
            var alert = try check.alert(at, fingerprint: one.fingerprint, labels: one.labels, annotations: one.annotations,
                                        startsAt: one.startsAt, endsAt: one.endsAt, generatorURL: one.generatorURL)
            guard let status = one.status else { throw .missing(field: "\(path).status") }
            guard let stateText = status.state else { throw .missing(field: "\(path).status.state") }
            guard let state = AlertmanagerAlert.State(rawValue: stateText) else {
                throw .invalid(field: "\(path).status.state",
                               reason: "is \"\(AlertmanagerText.shown(stateText))\"; expected active, suppressed or unprocessed")
            }
            alert.state = state
            alert.silencedBy = status.silencedBy ?? []
            alert.inhibitedBy = status.inhibitedBy ?? []
            for (name, ids) in [("silencedBy", alert.silencedBy), ("inhibitedBy", alert.inhibitedBy)] {
                guard ids.count <= limits.maxPairs else {
                    throw .tooManyPairs(field: "\(path).status.\(name)", count: ids.count, limit: limits.maxPairs)
                }
                for id in ids { try check.value("\(path).status.\(name)", id) }
            }
            alert.firing = alert.endsAt.map { $0 > now } ?? true
            alerts.append(alert)
        }
        return alerts
    }
}
