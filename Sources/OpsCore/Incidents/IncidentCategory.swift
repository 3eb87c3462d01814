import Foundation

/// What kind of incident: decides the default checklist and who must be named.
public enum IncidentCategory: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case outage
    case degradation
    case deployment
    case security
    case data
    case thirdParty = "third-party"

    public var description: String { rawValue }

    /// Security incidents are restricted and need a security lead.
    public var isSecurity: Bool { self == .security }

    public static func parse(_ text: String) throws(OpsError) -> IncidentCategory {
        let key = text.lowercased().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-")
        guard let category = IncidentCategory(rawValue: key) else {
            throw .invalid(field: "category", message: "\(Printable.excerpt(text)) is not a category; categories are \(allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return category
    }
}

/// SEV-1 (the platform is down for many) to SEV-4 (minor, next business day). Each has an
/// acknowledge target and an update cadence; the update reminders follow the cadence.
public enum IncidentSeverity: Int, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
    case sev1 = 1, sev2, sev3, sev4

    public var description: String { "SEV-\(rawValue)" }

    public static func < (a: IncidentSeverity, b: IncidentSeverity) -> Bool { a.rawValue < b.rawValue }

    /// Accepts "SEV-2", "sev2", "S2" and "2".
    public init?(name: String) {
        var text = Substring(name.trimmingCharacters(in: .whitespaces).uppercased())
        if text.hasPrefix("SEV") { text = text.dropFirst(3) } else if text.hasPrefix("S") { text = text.dropFirst() }
        if text.first == "-" { text = text.dropFirst() }
        guard text.count == 1, let value = Int(text), let severity = IncidentSeverity(rawValue: value) else { return nil }
        self = severity
    }

    public static func parse(_ text: String) throws(OpsError) -> IncidentSeverity {
        guard let severity = IncidentSeverity(name: text) else {
            throw .invalid(field: "severity", message: "\(Printable.excerpt(text)) is not a severity; use SEV-1, SEV-2, SEV-3 or SEV-4.")
        }
        return severity
    }

    /// How soon someone must acknowledge: 5, 15 and 60 minutes; SEV-4 by the next business
    /// day (nil here: `IncidentClocks.ackDue` puts it on the business calendar).
    public var ackTarget: TimeInterval? {
        switch self {
        case .sev1: 300
        case .sev2: 900
        case .sev3: 3_600
        case .sev4: nil
        }
    }

    /// How often the communications lead owes an update while the incident is active.
    public var updateCadence: TimeInterval {
        switch self {
        case .sev1: 1_800
        case .sev2: 3_600
        case .sev3, .sev4: 14_400
        }
    }

    /// SEV-1 and SEV-2 show a banner on the Health pane and page at once.
    public var isMajor: Bool { self <= .sev2 }
}
