import Foundation
package import GRDB
import OpsCore

/// Incident rows decode in place; the values are OpsCore's. The tables' CHECK constraints
/// admit only the values the fallbacks never meet.
extension Incident: StoredRecord {
    package init(row: Row) throws {
        func date(_ column: String) -> Date? { (row[column] as String?).flatMap(Timestamp.parse) }
        let epoch = Date(timeIntervalSince1970: 0)
        self.init(number: IncidentNumber(row["number"] as Int),
                  title: row["title"],
                  category: IncidentCategory(rawValue: row["category"] as String) ?? .outage,
                  severity: IncidentSeverity(rawValue: row["severity"] as Int) ?? .sev4,
                  status: IncidentStatus(rawValue: row["status"] as String) ?? .investigating,
                  securityClass: (row["security_class"] as String?).flatMap(SecurityClass.init(rawValue:)),
                  breachAt: date("breach_at"),
                  breachNotifiedAt: date("breach_notified_at"),
                  source: row["source"],
                  services: Self.list(row["services"]),
                  customers: Self.list(row["customers"]),
                  detectedAt: date("detected_at") ?? epoch,
                  declaredAt: date("declared_at") ?? epoch,
                  acknowledgedAt: date("acknowledged_at"),
                  mitigatedAt: date("mitigated_at"),
                  resolvedAt: date("resolved_at"),
                  closedAt: date("closed_at"),
                  lastUpdateAt: date("last_update_at"),
                  declaredBy: row["declared_by"],
                  updatedAt: date("updated_at"),
                  updatedBy: row["updated_by"],
                  closeReason: row["close_reason"],
                  version: row["version"])
    }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map(String.init)
    }
}

extension IncidentEntry: StoredRecord {
    package init(row: Row) throws {
        self.init(id: row["id"], incident: IncidentNumber(row["incident"] as Int),
                  kind: IncidentEntryKind(rawValue: row["kind"] as String) ?? .note, author: row["author"], body: row["body"],
                  at: (row["at"] as String?).flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0),
                  refersTo: row["refers_to"], pinned: (row["pinned"] as Int?).map { $0 != 0 } ?? false)
    }
}

extension ChangeEvent: StoredRecord {
    package init(row: Row) throws {
        self.init(id: row["id"], kind: ChangeEvent.Kind(rawValue: row["kind"] as String) ?? .deploy, service: row["service"],
                  version: row["version"], status: ChangeEvent.Status(rawValue: row["status"] as String) ?? .succeeded, by: row["by"],
                  at: (row["at"] as String?).flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0), link: row["link"],
                  recordedBy: row["recorded_by"])
    }
}

extension ActionItem: StoredRecord {
    package init(row: Row) throws {
        func date(_ column: String) -> Date? { (row[column] as String?).flatMap(Timestamp.parse) }
        self.init(id: row["id"], incident: IncidentNumber(row["incident"] as Int), title: row["title"], owner: row["owner"],
                  dueAt: date("due_at") ?? Date(timeIntervalSince1970: 0), doneAt: date("done_at"), doneBy: row["done_by"])
    }
}

extension EvidenceItem: StoredRecord {
    package init(row: Row) throws {
        self.init(id: row["id"], incident: IncidentNumber(row["incident"] as Int), name: row["name"],
                  isFile: (row["stored_name"] as String?) != nil, sha256: row["sha256"], bytes: row["bytes"],
                  collectedBy: row["collected_by"],
                  collectedAt: (row["collected_at"] as String?).flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0),
                  custodian: row["custodian"], note: row["note"])
    }
}
