import Foundation
internal import GRDB
import OpsCore

/// What an import changed.
public struct CustomerImportReport: Sendable, Equatable, Codable {
    public var created: [String] = []
    public var updated: [String] = []
    public var unchanged: Int = 0
    public init() {}
}

/// The customer directory: read by everyone who reads tickets, maintained by import.
extension AppDatabase {
    /// Upserts every record by id in one transaction: all are validated first, so one bad
    /// record imports nothing. Each created or changed customer gets its audit row;
    /// identical records change nothing, so running an import twice is a no-op.
    public func importCustomers(_ customers: [Customer], as context: ActorContext) throws(OpsError) -> CustomerImportReport {
        var errors: [FieldError] = []
        var seen = Set<String>()
        for (index, customer) in customers.enumerated() {
            let at = "record \(index + 1)"
            errors += CustomerValidation.check(customer).map { FieldError(field: "\(at) \($0.field)", message: $0.message) }
            if !seen.insert(customer.id).inserted { errors.append(FieldError(field: "\(at) id", message: "'\(customer.id)' appears twice in the file.")) }
        }
        if !errors.isEmpty { throw .invalidFields(errors) }
        return try write { db in
            try AccessPolicy.require(.customersManage, actor: try resolveActor(context, db: db))
            var report = CustomerImportReport()
            let now = Timestamp.format(clock.now())
            for var customer in customers {
                customer.name = StaffValidation.normalizedName(customer.name)
                let old = try Self.customer(id: customer.id, db: db)
                if var old {
                    old.created = customer.created
                    if old == customer { report.unchanged += 1; continue }
                    try db.execute(sql: "UPDATE customer SET name = ?, plan = ?, status = ?, success_manager = ?, updated_at = ? WHERE id = ?",
                                   arguments: [customer.name, customer.plan.rawValue, customer.status.rawValue, customer.successManager, now, customer.id])
                    try db.execute(sql: "DELETE FROM customer_contact WHERE customer_id = ?", arguments: [customer.id])
                    report.updated.append(customer.id)
                } else {
                    try db.execute(sql: "INSERT INTO customer (id, name, plan, status, success_manager, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [customer.id, customer.name, customer.plan.rawValue, customer.status.rawValue, customer.successManager,
                                               Timestamp.format(customer.created), now])
                    report.created.append(customer.id)
                }
                for (position, contact) in customer.contacts.enumerated() {
                    try db.execute(sql: "INSERT INTO customer_contact (customer_id, email, name, position) VALUES (?, ?, ?, ?)",
                                   arguments: [customer.id, contact.email, StaffValidation.normalizedName(contact.name), position])
                }
                try audit(AuditChain.Record(action: old == nil ? "customer.create" : "customer.update", target: "customer:\(customer.id)",
                                            before: old.map(Self.auditValue), after: Self.auditValue(customer)), context, db: db)
            }
            return report
        }
    }

    public func customers(as context: ActorContext) throws(OpsError) -> [Customer] {
        try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            let rows = try CustomerRow.fetchAll(db, sql: "SELECT * FROM customer ORDER BY id")
            var contacts: [String: [CustomerContact]] = [:]
            for row in try ContactRow.fetchAll(db, sql: "SELECT * FROM customer_contact ORDER BY customer_id, position") {
                contacts[row.customerID, default: []].append(row.contact)
            }
            return rows.map { row in
                var customer = row.customer
                customer.contacts = contacts[customer.id] ?? []
                return customer
            }
        }
    }

    public func customer(id: String, as context: ActorContext) throws(OpsError) -> Customer {
        try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            return try Self.requireCustomer(id: id, db: db)
        }
    }

    // MARK: - Inside transactions

    static func customer(id: String, db: Database) throws -> Customer? {
        guard var customer = try CustomerRow.fetchOne(db, sql: "SELECT * FROM customer WHERE id = ?", arguments: [id])?.customer else { return nil }
        customer.contacts = try ContactRow.fetchAll(db, sql: "SELECT * FROM customer_contact WHERE customer_id = ? ORDER BY position",
                                                    arguments: [id]).map(\.contact)
        return customer
    }

    static func requireCustomer(id: String, db: Database) throws -> Customer {
        guard let customer = try customer(id: id, db: db) else {
            throw OpsError.notFound("No customer \(Printable.excerpt(id)); `pmops customers list` shows them.")
        }
        return customer
    }

    /// Contacts' emails appear as fingerprints only, like staff emails, so a purge can forget them.
    static func auditValue(_ customer: Customer) -> JSONValue {
        .object(["name": .string(customer.name), "plan": .string(customer.plan.rawValue), "status": .string(customer.status.rawValue),
                 "success_manager": customer.successManager.map(JSONValue.string) ?? .null,
                 "contacts": .int(Int64(customer.contacts.count))])
    }
}
