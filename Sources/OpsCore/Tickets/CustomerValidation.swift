import Foundation

/// Field rules for customers. An import names the line and the field of each problem, so
/// these return the field's own sentence and leave the "where" to the caller.
public enum CustomerValidation {
    /// `^[a-z0-9][a-z0-9-]{0,62}$`: what alert labels and URLs carry.
    public static func id(_ raw: String) -> FieldError? {
        let ok = (1...63).contains(raw.utf8.count)
            && raw.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && raw.first != "-"
        return ok ? nil : FieldError(field: "id", message: "\(Printable.excerpt(raw)) is not a customer id; use 1–63 of a-z, 0-9 and '-', not starting with '-'.")
    }

    /// 1–200 printable characters; stored NFC and trimmed like staff names.
    public static func name(_ raw: String) -> FieldError? {
        let trimmed = StaffValidation.normalizedName(raw)
        if trimmed.isEmpty { return FieldError(field: "name", message: "a customer name is required.") }
        if trimmed.unicodeScalars.count > 200 { return FieldError(field: "name", message: "the name is \(trimmed.unicodeScalars.count) characters; the limit is 200.") }
        if raw.unicodeScalars.contains(where: { Printable.isForbidden($0) || Printable.isBidiControl($0) }) {
            return FieldError(field: "name", message: "the name contains a control or bidirectional-text character; only printable characters are allowed.")
        }
        return nil
    }

    public static func plan(_ raw: String) -> Result<Customer.Plan, FieldError> {
        guard let plan = Customer.Plan(rawValue: raw.lowercased().trimmingCharacters(in: .whitespaces)) else {
            return .failure(FieldError(field: "plan", message: "\(Printable.excerpt(raw)) is not a plan; plans are \(Customer.Plan.allCases.map(\.rawValue).joined(separator: ", "))."))
        }
        return .success(plan)
    }

    public static func status(_ raw: String) -> Result<Customer.Status, FieldError> {
        guard let status = Customer.Status(rawValue: raw.lowercased().trimmingCharacters(in: .whitespaces)) else {
            return .failure(FieldError(field: "status", message: "\(Printable.excerpt(raw)) is not a customer status; statuses are \(Customer.Status.allCases.map(\.rawValue).joined(separator: ", ")).") )
        }
        return .success(status)
    }

    /// Every problem of a whole record, each under its field.
    public static func check(_ customer: Customer) -> [FieldError] {
        var errors = [id(customer.id), name(customer.name)].compactMap { $0 }
        if let manager = customer.successManager, let problem = StaffValidation.login(manager) {
            errors.append(FieldError(field: "success_manager", message: problem.message))
        }
        var emails = Set<String>()
        for (index, contact) in customer.contacts.enumerated() {
            if let problem = StaffValidation.email(contact.email) {
                errors.append(FieldError(field: "contacts[\(index + 1)].email", message: problem.message))
            } else if !emails.insert(contact.email.lowercased()).inserted {
                errors.append(FieldError(field: "contacts[\(index + 1)].email", message: "\(Printable.excerpt(contact.email)) is listed twice."))
            }
            if !contact.name.isEmpty, let problem = StaffValidation.displayName(contact.name) {
                errors.append(FieldError(field: "contacts[\(index + 1)].name", message: problem.message))
            }
        }
        return errors
    }
}
