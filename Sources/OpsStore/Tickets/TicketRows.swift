import Foundation
package import GRDB
import OpsCore

/// Ticket rows decode in place; `Ticket` itself is an OpsCore value.
extension Ticket: StoredRecord {
    package static let columns = """
        number, customer_id, contact_email, title, category, priority, status, vendor, reporter, assignee, team, parent,
        opened_at, updated_at, updated_by, first_response_at, last_update_out_at, resolved_at, closed_at, resolution, csat, version
        """

    package init(row: Row) throws {
        func date(_ column: String) -> Date? { (row[column] as String?).flatMap(Timestamp.parse) }
        // The table's CHECK constraints admit only these values.
        self.init(number: TicketNumber(row["number"] as Int),
                  customerID: row["customer_id"],
                  contactEmail: row["contact_email"],
                  title: row["title"],
                  category: TicketCategory(rawValue: row["category"] as String) ?? .other,
                  priority: TicketPriority(rawValue: row["priority"] as Int) ?? .p4,
                  status: TicketStatus(rawValue: row["status"] as String) ?? .new,
                  vendor: row["vendor"],
                  reporter: row["reporter"],
                  assignee: row["assignee"],
                  team: row["team"],
                  parent: (row["parent"] as Int?).map(TicketNumber.init(rawValue:)),
                  openedAt: date("opened_at") ?? Date(timeIntervalSince1970: 0),
                  updatedAt: date("updated_at"),
                  updatedBy: row["updated_by"],
                  firstResponseAt: date("first_response_at"),
                  lastUpdateOutAt: date("last_update_out_at"),
                  resolvedAt: date("resolved_at"),
                  closedAt: date("closed_at"),
                  resolution: row["resolution"],
                  csat: row["csat"],
                  version: row["version"])
    }
}

extension TicketEntry: StoredRecord {
    package init(row: Row) throws {
        self.init(id: row["id"], ticket: TicketNumber(row["ticket"] as Int),
                  kind: TicketEntryKind(rawValue: row["kind"] as String) ?? .note, author: row["author"], body: row["body"],
                  at: (row["at"] as String?).flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0))
    }
}

/// A customer row without its contacts (they are read with a second query).
struct CustomerRow: StoredRecord {
    var customer: Customer
    init(row: Row) throws {
        customer = Customer(id: row["id"], name: row["name"], plan: Customer.Plan(rawValue: row["plan"] as String) ?? .free,
                            status: Customer.Status(rawValue: row["status"] as String) ?? .active,
                            successManager: row["success_manager"], contacts: [],
                            created: (row["created_at"] as String?).flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0))
    }
}

struct ContactRow: StoredRecord {
    var customerID: String
    var contact: CustomerContact
    init(row: Row) throws {
        customerID = row["customer_id"]
        contact = CustomerContact(name: row["name"], email: row["email"])
    }
}
