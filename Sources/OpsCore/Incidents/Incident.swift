import Foundation

/// An outage, degradation, failed deployment or security incident, from declaration to
/// postmortem. Times feed the KPIs: detected (first signal) ≤ declared; acknowledged,
/// mitigated and resolved as they happen.
public struct Incident: Sendable, Equatable, Codable {
    public var number: IncidentNumber
    public var title: String
    public var category: IncidentCategory
    public var severity: IncidentSeverity
    public var status: IncidentStatus
    public var securityClass: SecurityClass?
    /// A breach of personal data: starts the 72-hour regulator clock.
    public var breachAt: Date?
    public var breachNotifiedAt: Date?
    /// Where the incident came from: "alerts", "ticket ESC-n", "manual", "change N".
    public var source: String
    /// Services affected, comma-free names.
    public var services: [String]
    /// Customer ids affected (free ids: the customer directory is optional).
    public var customers: [String]
    public var detectedAt: Date
    public var declaredAt: Date
    public var acknowledgedAt: Date?
    public var mitigatedAt: Date?
    public var resolvedAt: Date?
    public var closedAt: Date?
    /// The last update the communications side gave (a comms entry); update reminders count from it.
    public var lastUpdateAt: Date
    public var declaredBy: String
    public var updatedAt: Date
    public var updatedBy: String
    /// Why it closed as a false positive, when it did.
    public var closeReason: String?
    public var version: Int

    public init(number: IncidentNumber, title: String, category: IncidentCategory, severity: IncidentSeverity,
                status: IncidentStatus = .investigating, securityClass: SecurityClass? = nil, breachAt: Date? = nil,
                breachNotifiedAt: Date? = nil, source: String = "manual", services: [String] = [], customers: [String] = [],
                detectedAt: Date, declaredAt: Date, acknowledgedAt: Date? = nil, mitigatedAt: Date? = nil, resolvedAt: Date? = nil,
                closedAt: Date? = nil, lastUpdateAt: Date? = nil, declaredBy: String, updatedAt: Date? = nil, updatedBy: String? = nil,
                closeReason: String? = nil, version: Int = 1) {
        self.number = number
        self.title = title
        self.category = category
        self.severity = severity
        self.status = status
        self.securityClass = securityClass
        self.breachAt = breachAt
        self.breachNotifiedAt = breachNotifiedAt
        self.source = source
        self.services = services
        self.customers = customers
        self.detectedAt = detectedAt
        self.declaredAt = declaredAt
        self.acknowledgedAt = acknowledgedAt
        self.mitigatedAt = mitigatedAt
        self.resolvedAt = resolvedAt
        self.closedAt = closedAt
        self.lastUpdateAt = lastUpdateAt ?? declaredAt
        self.declaredBy = declaredBy
        self.updatedAt = updatedAt ?? declaredAt
        self.updatedBy = updatedBy ?? declaredBy
        self.closeReason = closeReason
        self.version = version
    }

    /// A security incident: visible only to incidents.security holders and named responders.
    public var isRestricted: Bool { category.isSecurity }
}

/// What an entry on an incident's timeline records. Entries are append-only: a correction
/// is a new entry that names the one it corrects.
public enum IncidentEntryKind: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    // Manual
    case note, decision, action, comms, correction
    // Automatic
    case declared, status, severity, role, alert, ticket, change, checklist, evidence, breach, reminder, postmortem, pin

    public var description: String { rawValue }

    /// Written by people with `incidents note --kind`.
    public static let manual: [IncidentEntryKind] = [.note, .decision, .action, .comms]

    /// Dimmed on screen: the system wrote it.
    public var isAutomatic: Bool { !Self.manual.contains(self) && self != .correction }

    public static func parseManual(_ text: String) throws(OpsError) -> IncidentEntryKind {
        guard let kind = IncidentEntryKind(rawValue: text.lowercased()), manual.contains(kind) else {
            throw .invalid(field: "kind", message: "\(Printable.excerpt(text)) is not a note kind; kinds are \(manual.map(\.rawValue).joined(separator: ", ")).")
        }
        return kind
    }
}

/// One timeline entry as read back. `pinned` is derived: a later `pin` entry names it.
public struct IncidentEntry: Sendable, Equatable, Codable {
    public var id: Int64
    public var incident: IncidentNumber
    public var kind: IncidentEntryKind
    /// Staff login, or `system` for sweeps and automatic entries.
    public var author: String
    public var body: String
    public var at: Date
    /// The entry a correction or pin refers to.
    public var refersTo: Int64?
    public var pinned: Bool

    public init(id: Int64, incident: IncidentNumber, kind: IncidentEntryKind, author: String, body: String, at: Date,
                refersTo: Int64? = nil, pinned: Bool = false) {
        self.id = id
        self.incident = incident
        self.kind = kind
        self.author = author
        self.body = body
        self.at = at
        self.refersTo = refersTo
        self.pinned = pinned
    }
}
