import Foundation

/// Reads a customer import file, CSV or JSON, into records, naming the line and field of
/// every problem (all problems at once, so one run shows everything to fix). Validation of
/// values is `CustomerValidation`'s; this adds where they are.
///
/// CSV: a header `id,name,plan,status,success_manager,contacts` (any order, the last two
/// optional), RFC 4180 quoting, contacts as `Name <email>; Name <email>`.
public enum CustomerFile {
    public static let maxBytes = 64 * 1_048_576
    static let required = ["id", "name", "plan", "status"]
    static let known = Set(required + ["success_manager", "contacts", "created"])

    public static func read(path: String, now: Date) throws(OpsError) -> [Customer] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .notFound("Cannot read \(Printable.excerpt(path)).") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxBytes + 1)) ?? Data()
        guard data.count <= maxBytes else { throw .invalid(field: "file", message: "the file is larger than 64 MiB.") }
        guard let text = String(data: data, encoding: .utf8) else { throw .invalid(field: "file", message: "the file is not UTF-8 text.") }
        return path.lowercased().hasSuffix(".json") ? try json(text, now: now) : try csv(text, now: now)
    }

    // MARK: - CSV

    public static func csv(_ text: String, now: Date) throws(OpsError) -> [Customer] {
        try Printable.refuseNUL(text, field: "file")
        let records = try CSVRecords.parse(text)
        guard let header = records.first else { throw .invalid(field: "line 1", message: "the file is empty; the first line names the columns.") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var errors: [FieldError] = []
        for name in names where !known.contains(name) {
            errors.append(FieldError(field: "line 1", message: "unknown column \(Printable.excerpt(name)); columns are \(known.sorted().joined(separator: ", "))."))
        }
        for name in required where !names.contains(name) { errors.append(FieldError(field: "line 1", message: "the column \(name) is missing.")) }
        if !errors.isEmpty { throw .invalidFields(errors) }
        var customers: [Customer] = []
        for record in records.dropFirst() where !(record.fields.count == 1 && record.fields[0].isEmpty) {
            guard record.fields.count == names.count else {
                errors.append(FieldError(field: "line \(record.line)", message: "\(record.fields.count) fields; the header has \(names.count)."))
                continue
            }
            let values = Dictionary(zip(names, record.fields), uniquingKeysWith: { a, _ in a })
            var contacts: [CustomerContact] = []
            for item in (values["contacts"] ?? "").split(separator: ";") {
                let part = item.trimmingCharacters(in: .whitespaces)
                if let open = part.lastIndex(of: "<"), part.hasSuffix(">") {
                    contacts.append(CustomerContact(name: part[..<open].trimmingCharacters(in: .whitespaces),
                                                    email: String(part[part.index(after: open)..<part.index(before: part.endIndex)])))
                } else if !part.isEmpty {
                    contacts.append(CustomerContact(name: "", email: part))
                }
            }
            if let customer = build(values, contacts: contacts, where: "line \(record.line)", now: now, errors: &errors) { customers.append(customer) }
        }
        if !errors.isEmpty { throw .invalidFields(errors) }
        return customers
    }

    // MARK: - JSON

    struct Record: Decodable {
        var id, name, plan, status: String?
        var successManager: String?
        var contacts: [CustomerContact]?
        var created: String?

        enum CodingKeys: String, CodingKey {
            case id, name, plan, status, contacts, created
            case successManager = "success_manager"
        }
    }

    public static func json(_ text: String, now: Date) throws(OpsError) -> [Customer] {
        try Printable.refuseNUL(text, field: "file")
        let records: [Record]
        do {
            records = try JSONDecoder().decode([Record].self, from: Data(text.utf8))
        } catch {
            throw .invalid(field: "file", message: "not a JSON array of customer objects (id, name, plan, status, success_manager, contacts).")
        }
        var errors: [FieldError] = []
        var customers: [Customer] = []
        for (index, r) in records.enumerated() {
            var values: [String: String] = [:]
            values["id"] = r.id; values["name"] = r.name; values["plan"] = r.plan; values["status"] = r.status
            values["success_manager"] = r.successManager; values["created"] = r.created
            if let c = build(values, contacts: r.contacts ?? [], where: "record \(index + 1)", now: now, errors: &errors) { customers.append(c) }
        }
        if !errors.isEmpty { throw .invalidFields(errors) }
        return customers
    }

    // MARK: - Shared

    static func build(_ values: [String: String], contacts: [CustomerContact], where at: String, now: Date,
                      errors: inout [FieldError]) -> Customer? {
        let before = errors.count
        for name in required where (values[name] ?? "").isEmpty { errors.append(FieldError(field: "\(at), \(name)", message: "a value is required.")) }
        guard errors.count == before else { return nil }
        var plan = Customer.Plan.free, status = Customer.Status.active
        switch CustomerValidation.plan(values["plan"] ?? "") {
        case let .success(p): plan = p
        case let .failure(e): errors.append(FieldError(field: "\(at), \(e.field)", message: e.message))
        }
        switch CustomerValidation.status(values["status"] ?? "") {
        case let .success(s): status = s
        case let .failure(e): errors.append(FieldError(field: "\(at), \(e.field)", message: e.message))
        }
        var created = now
        if let text = values["created"], !text.isEmpty {
            if let date = Timestamp.parse(text) { created = date } else {
                errors.append(FieldError(field: "\(at), created", message: "\(Printable.excerpt(text)) is not a date such as 2026-11-27."))
            }
        }
        let manager = values["success_manager"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
        let customer = Customer(id: values["id"]?.trimmingCharacters(in: .whitespaces) ?? "", name: values["name"] ?? "", plan: plan,
                                status: status, successManager: manager, contacts: contacts, created: created)
        errors += CustomerValidation.check(customer).map { FieldError(field: "\(at), \($0.field)", message: $0.message) }
        return errors.count == before ? customer : nil
    }
}
