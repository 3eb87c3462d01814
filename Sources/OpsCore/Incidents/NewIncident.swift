import Foundation

/// What `incidents declare` asks for. Alerts and a ticket are optional sources; the first
/// alert's start (or the ticket's opening) is when the incident was detected.
public struct NewIncident: Sendable, Equatable {
    public var title: String
    public var category: IncidentCategory
    public var severity: IncidentSeverity
    public var services: [String]
    public var customers: [String]
    public var roles: [IncidentRole: String]
    public var alerts: [Int64]
    public var ticket: TicketNumber?
    public var securityClass: SecurityClass?
    /// The change that caused it (a failed deploy).
    public var change: Int64?
    /// When it started, if known before any alert (a customer call, a scan report).
    public var detectedAt: Date?

    public init(title: String, category: IncidentCategory, severity: IncidentSeverity, services: [String] = [], customers: [String] = [],
                roles: [IncidentRole: String] = [:], alerts: [Int64] = [], ticket: TicketNumber? = nil, securityClass: SecurityClass? = nil,
                change: Int64? = nil, detectedAt: Date? = nil) {
        self.title = title
        self.category = category
        self.severity = severity
        self.services = services
        self.customers = customers
        self.roles = roles
        self.alerts = alerts
        self.ticket = ticket
        self.securityClass = securityClass
        self.change = change
        self.detectedAt = detectedAt
    }

    /// The rules that need no store: required roles, the class of a security incident, the alert count.
    public func check() throws(OpsError) {
        try IncidentRole.checkRequired(roles, category: category)
        if category.isSecurity, securityClass == nil {
            throw .invalid(field: "class", message: "a security incident needs a classification (--class \(SecurityClass.allCases.map(\.rawValue).joined(separator: "|"))).")
        }
        if !category.isSecurity, securityClass != nil {
            throw .invalid(field: "class", message: "only a security incident has a classification; use --category security.")
        }
        if alerts.count > IncidentValidation.maxAlerts {
            throw .invalid(field: "alert", message: "\(alerts.count) alerts; one incident takes at most \(IncidentValidation.maxAlerts).")
        }
    }

    /// The checklist an incident starts with: containment for its class, rollback for a deployment.
    public var checklist: [IncidentChecklistItem] {
        if let securityClass { return securityClass.containment }
        return category == .deployment ? IncidentChecklistItem.rollback : []
    }
}

/// One row of `incidents list`: the incident, or only its number when it is restricted
/// and the reader is neither a security holder nor a responder.
public struct IncidentListRow: Sendable, Equatable {
    public var number: IncidentNumber
    public var incident: Incident?
    public var commander: String?
    public var nextUpdateDue: Date?

    public init(number: IncidentNumber, incident: Incident?, commander: String?, nextUpdateDue: Date?) {
        self.number = number
        self.incident = incident
        self.commander = commander
        self.nextUpdateDue = nextUpdateDue
    }

    public var isRestricted: Bool { incident == nil }
}

/// `incidents show`: everything, or the restricted label.
public enum IncidentView: Sendable, Equatable {
    case full(IncidentDetail)
    case restricted(IncidentNumber)
}
