import Foundation

/// A PenguinMails tenant as support sees it: who they are, what they pay for, who looks
/// after them, and whom to write to. Later features (billing, health) extend this record.
public struct Customer: Sendable, Equatable, Codable {
    public enum Plan: String, CaseIterable, Codable, Sendable {
        case free, starter, growth, scale, enterprise
    }

    public enum Status: String, CaseIterable, Codable, Sendable {
        case trial, active, suspended, churned
    }

    /// A slug: what `--customer acme` takes and what alert labels (`tenant="acme"`) carry.
    public var id: String
    public var name: String
    public var plan: Plan
    public var status: Status
    /// A staff login, or nil.
    public var successManager: String?
    public var contacts: [CustomerContact]
    public var created: Date

    public init(id: String, name: String, plan: Plan, status: Status, successManager: String? = nil,
                contacts: [CustomerContact] = [], created: Date) {
        self.id = id
        self.name = name
        self.plan = plan
        self.status = status
        self.successManager = successManager
        self.contacts = contacts
        self.created = created
    }

    /// The contact with this address (case-insensitive, as mail is delivered).
    public func contact(email: String) -> CustomerContact? {
        contacts.first { $0.email.caseInsensitiveCompare(email) == .orderedSame }
    }
}

/// Someone at a customer who may open tickets and receives our updates.
public struct CustomerContact: Sendable, Equatable, Codable {
    public var name: String
    public var email: String
    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}
