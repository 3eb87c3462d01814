import Foundation
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

/// One hand-over of open work, as the deactivation that causes it describes it.
public struct WorkReassignment: Sendable, Equatable {
    public var from: String
    public var to: String
    /// Who deactivated `from` (the effective login), for each item's own history.
    public var actor: String
    public var reason: String
    public var at: Date
    public init(from: String, to: String, actor: String, reason: String, at: Date) {
        self.from = from
        self.to = to
        self.actor = actor
        self.reason = reason
        self.at = at
    }
}

/// The extension point later features plug into: each lists what a person still owns
/// and moves it to someone else, inside the deactivation's transaction.
public protocol OpenWorkProvider: Sendable {
    /// A short plural noun shown to people ("alerts", "tickets").
    var kind: String { get }
    /// What the new owner must be able to do with this work; a reassignee lacking any of
    /// these is refused, so work never lands with someone who cannot finish it.
    var requiredPermissions: Set<Permission> { get }
    func openWork(assignedTo login: String, in transaction: StoreTransaction) throws -> [OpenWorkItem]
    /// Moves all open work from `from` to `to`, recording the move in each item's own
    /// history; returns how many items moved.
    func reassign(_ change: WorkReassignment, in transaction: StoreTransaction) throws -> Int
}
