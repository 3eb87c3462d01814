import Foundation
import OpsCore
import OpsStore

/// `incidents … --json` and `changes … --json`: stable field names, timestamps in the store's ISO form.
struct IncidentJSON: Encodable {
    var number, title, category, severity, status, source, detectedAt, declaredAt, declaredBy, lastUpdateAt, updatedAt, updatedBy: String
    var securityClass, breachAt, breachNotifiedAt, acknowledgedAt, mitigatedAt, resolvedAt, closedAt, closeReason: String?
    var services, customers: [String]
    var version: Int
    var restricted = false

    enum CodingKeys: String, CodingKey {
        case number, title, category, severity, status, source, services, customers, version, restricted
        case detectedAt = "detected_at", declaredAt = "declared_at", declaredBy = "declared_by", lastUpdateAt = "last_update_at"
        case updatedAt = "updated_at", updatedBy = "updated_by", securityClass = "security_class", breachAt = "breach_at"
        case breachNotifiedAt = "breach_notified_at", acknowledgedAt = "acknowledged_at", mitigatedAt = "mitigated_at"
        case resolvedAt = "resolved_at", closedAt = "closed_at", closeReason = "close_reason"
    }

    init(_ i: Incident) {
        number = i.number.description; title = i.title; category = i.category.rawValue; severity = i.severity.description
        status = i.status.rawValue; source = i.source; detectedAt = Timestamp.format(i.detectedAt); declaredAt = Timestamp.format(i.declaredAt)
        declaredBy = i.declaredBy; lastUpdateAt = Timestamp.format(i.lastUpdateAt); updatedAt = Timestamp.format(i.updatedAt); updatedBy = i.updatedBy
        securityClass = i.securityClass?.rawValue; breachAt = i.breachAt.map(Timestamp.format); breachNotifiedAt = i.breachNotifiedAt.map(Timestamp.format)
        acknowledgedAt = i.acknowledgedAt.map(Timestamp.format); mitigatedAt = i.mitigatedAt.map(Timestamp.format)
        resolvedAt = i.resolvedAt.map(Timestamp.format); closedAt = i.closedAt.map(Timestamp.format); closeReason = i.closeReason
        services = i.services; customers = i.customers; version = i.version
    }
}

/// A list row: the incident, or `{"number": "INC-n", "restricted": true}`.
struct IncidentListJSON: Encodable {
    var row: IncidentListRow
    init(_ row: IncidentListRow) { self.row = row }

    enum Keys: String, CodingKey { case number, restricted, commander, nextUpdateDue = "next_update_due" }

    func encode(to encoder: any Encoder) throws {
        guard let incident = row.incident else {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(row.number.description, forKey: .number)
            try c.encode(true, forKey: .restricted)
            return
        }
        try IncidentJSON(incident).encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(row.commander, forKey: .commander)
        try c.encodeIfPresent(row.nextUpdateDue.map(Timestamp.format), forKey: .nextUpdateDue)
    }
}

struct IncidentEntryJSON: Encodable {
    var id: Int64
    var kind, author, body, at: String
    var refersTo: Int64?
    var pinned: Bool
    enum CodingKeys: String, CodingKey { case id, kind, author, body, at, pinned, refersTo = "refers_to" }
    init(_ e: IncidentEntry) {
        id = e.id; kind = e.kind.rawValue; author = e.author; body = e.body; at = Timestamp.format(e.at); refersTo = e.refersTo; pinned = e.pinned
    }
}

struct ChangeJSON: Encodable {
    var id: Int64
    var kind, service, status, by, at, recordedBy: String
    var version, link: String?
    enum CodingKeys: String, CodingKey { case id, kind, service, status, by, at, version, link, recordedBy = "recorded_by" }
    init(_ c: ChangeEvent) {
        id = c.id; kind = c.kind.rawValue; service = c.service; status = c.status.rawValue; by = c.by; at = Timestamp.format(c.at)
        recordedBy = c.recordedBy; version = c.version; link = c.link
    }
}

struct ActionItemJSON: Encodable {
    var id: String
    var incident, title, owner, due: String
    var done: String?
    init(_ a: ActionItem) {
        id = "A\(a.id)"; incident = a.incident.description; title = a.title; owner = a.owner; due = Timestamp.format(a.dueAt); done = a.doneAt.map(Timestamp.format)
    }
}

struct EvidenceJSON: Encodable {
    var id: String
    var name, sha256, collectedBy, collectedAt, custodian: String
    var bytes: Int64
    var isFile: Bool
    var problem: String?
    enum CodingKeys: String, CodingKey {
        case id, name, sha256, custodian, bytes, problem
        case collectedBy = "collected_by", collectedAt = "collected_at", isFile = "file"
    }
    init(_ e: EvidenceItem, problem: String? = nil) {
        id = "E\(e.id)"; name = e.name; sha256 = e.sha256; collectedBy = e.collectedBy; collectedAt = Timestamp.format(e.collectedAt)
        custodian = e.custodian; bytes = e.bytes; isFile = e.isFile; self.problem = problem
    }
}

struct IncidentDetailJSON: Encodable {
    var incident: IncidentJSON
    var roles: [String: String]
    var alerts: [Int64]
    var tickets: [String]
    var suspects: [ChangeJSON]
    var checklist: [[String: String]]
    var evidence: [EvidenceJSON]
    var postmortem: [String: String]?
    var actionItems: [ActionItemJSON]
    var timeline: [IncidentEntryJSON]
    enum CodingKeys: String, CodingKey { case incident, roles, alerts, tickets, suspects, checklist, evidence, postmortem, timeline, actionItems = "action_items" }

    init(_ d: IncidentDetail) {
        incident = IncidentJSON(d.incident)
        roles = Dictionary(uniqueKeysWithValues: d.roles.map { ($0.key.rawValue, $0.value) })
        alerts = d.alerts; tickets = d.tickets.map(\.description); suspects = d.suspects.map(ChangeJSON.init)
        checklist = d.checklist.map { c in
            var row = ["item": c.item.rawValue]
            if let by = c.doneBy { row["done_by"] = by }
            if let at = c.doneAt { row["done_at"] = Timestamp.format(at) }
            return row
        }
        evidence = d.evidence.map { EvidenceJSON($0) }
        postmortem = d.postmortem.map { pm in
            var out = Dictionary(uniqueKeysWithValues: pm.sections.map { ($0.key.rawValue, $0.value) })
            if let due = pm.dueAt { out["due_at"] = Timestamp.format(due) }
            if let at = pm.publishedAt { out["published_at"] = Timestamp.format(at) }
            return out
        }
        actionItems = d.actionItems.map(ActionItemJSON.init)
        timeline = d.entries.map(IncidentEntryJSON.init)
    }
}
