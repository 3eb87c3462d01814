import Foundation

/// What the SLA clocks of a ticket depend on: when it opened, when the customer heard from
/// us, and every status it has been in. The store keeps these on the ticket row and in its
/// status entries; `status(policy:now:)` is the one computation of all three clocks.
public struct SLAHistory: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var at: Date
        public var status: TicketStatus
        public init(at: Date, status: TicketStatus) {
            self.at = at
            self.status = status
        }
    }

    public var priority: TicketPriority
    public var category: TicketCategory
    public var openedAt: Date
    /// The first customer update out, nil until there is one.
    public var firstResponseAt: Date?
    /// The latest customer update out.
    public var lastUpdateOutAt: Date?
    /// Status changes in time order; the first is the opening status at `openedAt`.
    public var changes: [Change]
    /// A hard resolution deadline set outside pmops (a Stripe dispute's evidence due date):
    /// it replaces the policy's resolution target and runs on the wall clock, never paused.
    public var deadline: Date?

    public init(priority: TicketPriority, category: TicketCategory, openedAt: Date, firstResponseAt: Date? = nil,
                lastUpdateOutAt: Date? = nil, changes: [Change], deadline: Date? = nil) {
        self.deadline = deadline
        self.priority = priority
        self.category = category
        self.openedAt = openedAt
        self.firstResponseAt = firstResponseAt
        self.lastUpdateOutAt = lastUpdateOutAt
        self.changes = changes
    }

    /// The status at `now` (the last change at or before it).
    public func status(at now: Date) -> TicketStatus {
        changes.last { $0.at <= now }?.status ?? changes.first?.status ?? .new
    }

    // MARK: - Clocks

    public func status(policy: SLAPolicy, now: Date) -> SLAStatus {
        let targets = policy.targets(priority: priority, category: category)
        let calendar = policy.calendar(for: priority)
        let current = status(at: now)
        return SLAStatus(clocks: [firstResponse(targets, calendar, current, now),
                                  nextUpdate(targets, calendar, current, now),
                                  deadline.map { deadlineClock($0, now) } ?? resolution(targets, calendar, now)])
    }

    private func deadlineClock(_ due: Date, _ now: Date) -> SLAClock {
        let periods = changes.filter { $0.at <= now }
        if !status(at: now).isOpen {
            let finished = periods.last { $0.status == .resolved }?.at ?? periods.last?.at ?? now
            return SLAClock(kind: .resolution, state: finished <= due ? .met(at: finished, due: due) : .missed(at: finished, due: due))
        }
        return SLAClock(kind: .resolution, state: now < due ? .running(due: due) : .breached(due: due))
    }

    private func firstResponse(_ targets: SLATargets, _ calendar: BusinessCalendar, _ current: TicketStatus, _ now: Date) -> SLAClock {
        let due = calendar.add(targets.firstResponse, to: openedAt)
        if let at = firstResponseAt, at <= now { return SLAClock(kind: .firstResponse, state: at <= due ? .met(at: at, due: due) : .missed(at: at, due: due)) }
        // A ticket resolved without a word to the customer has nothing left to answer.
        guard current.isOpen else { return SLAClock(kind: .firstResponse, state: .inactive) }
        return SLAClock(kind: .firstResponse, state: now < due ? .running(due: due) : .breached(due: due))
    }

    /// Counts from the later of the last update out and the moment the ticket stopped
    /// waiting on the customer (their reply puts the ball back in our court).
    private func nextUpdate(_ targets: SLATargets, _ calendar: BusinessCalendar, _ current: TicketStatus, _ now: Date) -> SLAClock {
        guard let last = lastUpdateOutAt ?? firstResponseAt, last <= now, current.isOpen else { return SLAClock(kind: .nextUpdate, state: .inactive) }
        guard !current.pausesUpdates else { return SLAClock(kind: .nextUpdate, state: .inactive) }
        var start = last
        for (index, change) in changes.enumerated() where change.at > last && change.at <= now && index > 0 {
            if changes[index - 1].status.pausesUpdates && !change.status.pausesUpdates { start = max(start, change.at) }
        }
        let due = calendar.add(targets.nextUpdate, to: start)
        return SLAClock(kind: .nextUpdate, state: now < due ? .running(due: due) : .breached(due: due))
    }

    /// Sums business time over the periods the ticket was open and not waiting; the due
    /// instant is where that sum reaches the target.
    private func resolution(_ targets: SLATargets, _ calendar: BusinessCalendar, _ now: Date) -> SLAClock {
        var used: TimeInterval = 0
        var due: Date?
        let periods = changes.filter { $0.at <= now }
        for (index, change) in periods.enumerated() where change.status.isOpen && !change.status.pausesResolution {
            let end = index + 1 < periods.count ? periods[index + 1].at : now
            let span = calendar.businessTime(from: change.at, to: end)
            if used + span >= targets.resolution {
                due = calendar.add(targets.resolution - used, to: change.at)
                break
            }
            used += span
        }
        let current = status(at: now)
        if !current.isOpen {
            // The resolution time is the last move out of the open statuses.
            let finished = periods.last { $0.status == .resolved }?.at ?? periods.last?.at ?? now
            if let due { return SLAClock(kind: .resolution, state: .missed(at: finished, due: due)) }
            return SLAClock(kind: .resolution, state: .met(at: finished, due: calendar.add(targets.resolution - used, to: finished)))
        }
        if let due { return SLAClock(kind: .resolution, state: .breached(due: due)) }
        let left = targets.resolution - used
        if current.pausesResolution { return SLAClock(kind: .resolution, state: .paused(left: left)) }
        // `used` runs up to now, so what is left counts from now.
        return SLAClock(kind: .resolution, state: .running(due: calendar.add(left, to: now)))
    }
}
