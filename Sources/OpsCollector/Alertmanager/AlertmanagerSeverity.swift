import Foundation
import OpsCore
import OpsStore

/// The store's severity for an Alertmanager alert, read from its `severity` label.
///
/// Alertmanager has no severity of its own; `severity` is a convention with many spellings
/// (Prometheus mixins use critical/warning/info/none, PagerDuty-style setups page/error,
/// syslog-minded ones emerg/err/notice, others P1…P5 or sev1…sev5). Case and surrounding
/// blanks are ignored:
///
/// | label value | severity |
/// |---|---|
/// | critical, crit, page, pager, emergency, emerg, alert, fatal, disaster, p1, sev1, sev-1 | critical |
/// | warning, warn, error, err, major, minor, high, average, p2, p3, sev2, sev3, sev-2, sev-3 | warning |
/// | info, informational, information, notice, low, debug, none, ok, p4, p5, sev4, sev5, sev-4, sev-5 | info |
/// | anything else, or no `severity` label | warning |
///
/// An unknown or missing severity becomes warning, not info: Alertmanager routed the alert
/// to a receiver meant for people, and info would sort it below everything someone might
/// look at. It does not become critical either: nobody asked for it to page. The raw label
/// stays in the alert's labels, so nothing is lost.
enum AlertmanagerSeverity {
    static func severity(label: String?) -> AlertSeverity {
        guard let label else { return .warning }
        // The usual spellings as they are, before the trimming and lowercasing (which cost
        // more than the rest of an alert's mapping).
        if label == "warning" { return .warning }
        if critical.contains(label) { return .critical }
        if info.contains(label) { return .info }
        let key = label.trimmingCharacters(in: .whitespaces).lowercased()
        if critical.contains(key) { return .critical }
        if info.contains(key) { return .info }
        return .warning
    }

    private static let critical: Set<String> = [
        "critical", "crit", "page", "pager", "emergency", "emerg", "alert", "fatal", "disaster", "p1", "sev1", "sev-1",
    ]
    private static let info: Set<String> = [
        "info", "informational", "information", "notice", "low", "debug", "none", "ok", "p4", "p5", "sev4", "sev5", "sev-4", "sev-5",
    ]
}
