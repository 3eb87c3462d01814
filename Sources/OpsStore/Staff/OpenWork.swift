import GRDB
import OpsCore

/// A piece of open work assigned to a person (an alert, a ticket, an incident), listed
/// before deactivation so nothing is orphaned.
public struct OpenWorkItem: Equatable, Sendable, Codable {
    public var kind: String
    public var id: String
    public var title: String
    public init(kind: String, id: String, title: String) {
        self.kind = kind
        self.id = id
        self.title = title
    }
}

/// The extension point later features plug into: each lists what a person still owns
/// and moves it to someone else, inside the deactivation's transaction.
public protocol OpenWorkProvider: Sendable {
    /// A short plural noun shown to people ("alerts", "tickets").
    var kind: String { get }
    func openWork(assignedTo login: String, db: Database) throws -> [OpenWorkItem]
    /// Moves all open work from one login to another; returns how many items moved.
    func reassign(from login: String, to newLogin: String, db: Database) throws -> Int
}
