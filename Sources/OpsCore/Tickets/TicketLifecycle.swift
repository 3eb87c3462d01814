import Foundation

/// The ticket status machine. Pure, so the store applies it inside the write transaction
/// and the console offers only moves that will succeed.
public enum TicketLifecycle {
    /// The statuses reachable from `status` with `tickets status`. Resolving (which needs a
    /// summary), closing and reopening are their own actions and are listed in `actions`.
    public static func allowed(from status: TicketStatus) -> [TicketStatus] {
        switch status {
        case .new: [.triage, .investigating, .waitingCustomer, .waitingVendor]
        case .triage: [.investigating, .waitingCustomer, .waitingVendor]
        case .investigating: [.triage, .waitingCustomer, .waitingVendor]
        case .waitingCustomer: [.investigating, .waitingVendor]
        case .waitingVendor: [.investigating, .waitingCustomer]
        case .resolved, .closed: []
        }
    }

    /// The move to `target` with `tickets status`, or a conflict that names the moves there are.
    public static func check(from status: TicketStatus, to target: TicketStatus, ticket: TicketNumber) throws(OpsError) {
        if target == status { throw .conflict("\(ticket) is already \(status.title).") }
        if allowed(from: status).contains(target) { return }
        switch target {
        case .resolved: throw .invalid(field: "status", message: "resolve \(ticket) with `tickets resolve`, which needs a resolution summary.")
        case .closed where status == .resolved: throw .invalid(field: "status", message: "close \(ticket) with `tickets close`.")
        default: break
        }
        throw .conflict("\(ticket) cannot go from \(status.title) to \(target.title); from \(status.title) it can go to \(options(from: status)).")
    }

    /// Resolving works from every open status.
    public static func checkResolve(from status: TicketStatus, ticket: TicketNumber) throws(OpsError) {
        guard status.isOpen else { throw .conflict("\(ticket) is already \(status.title); reopen it first.") }
    }

    /// Only a resolved ticket closes (closing says the customer agrees or went quiet).
    public static func checkClose(from status: TicketStatus, ticket: TicketNumber) throws(OpsError) {
        switch status {
        case .resolved: return
        case .closed: throw .conflict("\(ticket) is already closed.")
        default: throw .conflict("\(ticket) is \(status.title); only a resolved ticket can be closed (resolve it first).")
        }
    }

    /// A resolved or closed ticket reopens to investigating within `window` of its
    /// resolution; after that a reply opens a linked follow-up instead, so an old ticket's
    /// SLA figures stay what they were.
    public static func checkReopen(from status: TicketStatus, resolvedAt: Date?, now: Date, window: TimeInterval,
                                   ticket: TicketNumber) throws(OpsError) {
        guard !status.isOpen else { throw .conflict("\(ticket) is \(status.title), not resolved or closed; there is nothing to reopen.") }
        if let resolvedAt, now.timeIntervalSince(resolvedAt) > window {
            throw .conflict("\(ticket) was resolved on \(Timestamp.format(resolvedAt).prefix(10)), more than \(InputLimits.describe(window)) ago; open a follow-up ticket linked to it instead.")
        }
    }

    /// Whether a customer reply to a finished ticket reopens it (within the window) or
    /// opens a linked follow-up.
    public static func replyReopens(status: TicketStatus, resolvedAt: Date?, now: Date, window: TimeInterval) -> Bool {
        guard !status.isOpen else { return false }
        guard let resolvedAt else { return true }
        return now.timeIntervalSince(resolvedAt) <= window
    }

    private static func options(from status: TicketStatus) -> String {
        var names = allowed(from: status).map(\.rawValue)
        if status.isOpen { names.append("resolved (tickets resolve)") }
        if status == .resolved { names.append("closed (tickets close)") }
        return names.isEmpty ? "nothing (reopen it)" : names.joined(separator: ", ")
    }
}
