import Foundation

/// The retrospective of one incident: the template's sections, written by people. Impact
/// minutes default to detected → resolved when nobody gives them.
public struct Postmortem: Sendable, Equatable, Codable {
    public enum Section: String, CaseIterable, Codable, Sendable {
        case summary, impact, rootCause = "root-cause", contributing, wentWell = "went-well", wentWrong = "went-wrong"

        public var title: String {
            switch self {
            case .summary: "Summary"
            case .impact: "Impact"
            case .rootCause: "Root cause"
            case .contributing: "Contributing factors"
            case .wentWell: "What went well"
            case .wentWrong: "What went wrong"
            }
        }
    }

    public var sections: [Section: String]
    public var customersAffected: Int?
    public var minutesAffected: Int?
    public var dueAt: Date?
    public var publishedAt: Date?
    public var updatedBy: String?
    public var updatedAt: Date?

    public init(sections: [Section: String] = [:], customersAffected: Int? = nil, minutesAffected: Int? = nil, dueAt: Date? = nil,
                publishedAt: Date? = nil, updatedBy: String? = nil, updatedAt: Date? = nil) {
        self.sections = sections
        self.customersAffected = customersAffected
        self.minutesAffected = minutesAffected
        self.dueAt = dueAt
        self.publishedAt = publishedAt
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }

    /// Publishing needs the summary and the root cause at least.
    public func checkPublishable(_ incident: IncidentNumber) throws(OpsError) {
        let missing = [Section.summary, .rootCause].filter { (sections[$0] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        if !missing.isEmpty {
            throw .invalid(field: "postmortem", message: "\(incident)'s postmortem needs \(missing.map(\.title).joined(separator: " and ").lowercased()) before it is published.")
        }
    }
}

/// A follow-up from the postmortem: tracked, reminded when due, listed across incidents.
public struct ActionItem: Sendable, Equatable, Codable {
    public var id: Int64
    public var incident: IncidentNumber
    public var title: String
    public var owner: String
    public var dueAt: Date
    public var doneAt: Date?
    public var doneBy: String?

    public init(id: Int64, incident: IncidentNumber, title: String, owner: String, dueAt: Date, doneAt: Date? = nil, doneBy: String? = nil) {
        self.id = id
        self.incident = incident
        self.title = title
        self.owner = owner
        self.dueAt = dueAt
        self.doneAt = doneAt
        self.doneBy = doneBy
    }

    public func isOverdue(now: Date) -> Bool { doneAt == nil && dueAt < now }
}

/// One containment or rollback step and who ticked it.
public struct IncidentChecklistState: Sendable, Equatable, Codable {
    public var item: IncidentChecklistItem
    public var doneBy: String?
    public var doneAt: Date?
    public init(item: IncidentChecklistItem, doneBy: String? = nil, doneAt: Date? = nil) {
        self.item = item
        self.doneBy = doneBy
        self.doneAt = doneAt
    }
}

/// A piece of evidence: a file copied beside the store or a text, with its SHA-256.
public struct EvidenceItem: Sendable, Equatable, Codable {
    public var id: Int64
    public var incident: IncidentNumber
    /// The file's original name, or "text".
    public var name: String
    public var isFile: Bool
    public var sha256: String
    public var bytes: Int64
    public var collectedBy: String
    public var collectedAt: Date
    public var custodian: String
    public var note: String?

    public init(id: Int64, incident: IncidentNumber, name: String, isFile: Bool, sha256: String, bytes: Int64, collectedBy: String,
                collectedAt: Date, custodian: String, note: String? = nil) {
        self.id = id
        self.incident = incident
        self.name = name
        self.isFile = isFile
        self.sha256 = sha256
        self.bytes = bytes
        self.collectedBy = collectedBy
        self.collectedAt = collectedAt
        self.custodian = custodian
        self.note = note
    }

    /// Files larger than this are refused, and nothing is recorded: evidence stays in the
    /// store's folder and must fit a backup (logs beyond it go to cold storage, and a text
    /// item records where).
    public static let maxFileBytes = 64 * 1_048_576
}

/// Everything about one incident: what `show`, `export` and the console read.
public struct IncidentDetail: Sendable, Equatable {
    public var incident: Incident
    public var roles: [IncidentRole: String]
    public var entries: [IncidentEntry]
    public var alerts: [Int64]
    public var tickets: [TicketNumber]
    /// Changes to the affected services in the window before detection: the suspects.
    public var suspects: [ChangeEvent]
    public var checklist: [IncidentChecklistState]
    public var evidence: [EvidenceItem]
    public var postmortem: Postmortem?
    public var actionItems: [ActionItem]

    public init(incident: Incident, roles: [IncidentRole: String] = [:], entries: [IncidentEntry] = [], alerts: [Int64] = [],
                tickets: [TicketNumber] = [], suspects: [ChangeEvent] = [], checklist: [IncidentChecklistState] = [], evidence: [EvidenceItem] = [],
                postmortem: Postmortem? = nil, actionItems: [ActionItem] = []) {
        self.incident = incident
        self.roles = roles
        self.entries = entries
        self.alerts = alerts
        self.tickets = tickets
        self.suspects = suspects
        self.checklist = checklist
        self.evidence = evidence
        self.postmortem = postmortem
        self.actionItems = actionItems
    }

    /// The logins named in a role: who may see a restricted incident without incidents.security.
    public var responders: Set<String> { Set(roles.values) }
}
