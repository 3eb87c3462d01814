import Foundation

/// What the collector's SLA sweep does to one ticket at one instant: pure, so the rules
/// are tested as a table and the store only carries them out in one transaction.
///
/// A deadline is identified by its clock and its due instant. Thirty minutes before it the
/// assignee is reminded once; when it passes, one breach alert fires; when the clock no
/// longer counts against that deadline (answered, resolved, paused, or a new deadline) the
/// alert resolves.
public enum SLASweep {
    /// How long before a deadline the assignee hears about it.
    public static let reminderLead: TimeInterval = 30 * 60

    /// What was already done about one deadline.
    public struct Mark: Sendable, Equatable {
        public var kind: SLAKind
        public var due: Date
        public var reminded: Bool
        public var breached: Bool
        public var resolved: Bool

        public init(kind: SLAKind, due: Date, reminded: Bool = false, breached: Bool = false, resolved: Bool = false) {
            self.kind = kind
            self.due = due
            self.reminded = reminded
            self.breached = breached
            self.resolved = resolved
        }
    }

    public enum Action: Sendable, Equatable {
        case remind(SLAKind, due: Date)
        case breach(SLAKind, due: Date)
        case resolve(SLAKind, due: Date)
    }

    public struct Plan: Sendable, Equatable {
        /// Resolutions first, so a clock that breaches again at a new deadline resolves the
        /// old alert before the new one fires.
        public var actions: [Action]
        /// When the sweep must look again; nil when nothing is left to wait for (only a
        /// change to the ticket, which sets a new check, can matter then).
        public var nextCheck: Date?

        public init(actions: [Action], nextCheck: Date?) {
            self.actions = actions
            self.nextCheck = nextCheck
        }
    }

    /// - Parameter waiting: the ticket waits on the customer or a vendor. A resolution
    ///   deadline already missed stays missed (`SLAHistory` keeps it breached), but nobody
    ///   on call can act on it while the ball is in someone else's court, so its alert
    ///   resolves and fires again if the ticket comes back still overdue.
    public static func plan(status: SLAStatus, marks: [Mark], now: Date, waiting: Bool = false) -> Plan {
        func alerting(_ clock: SLAClock?) -> Bool {
            guard let clock, clock.isBreached else { return false }
            return !(waiting && clock.kind == .resolution)
        }
        var actions: [Action] = []
        for mark in marks where mark.breached && !mark.resolved {
            let clock = status.clock(mark.kind)
            if alerting(clock), clock?.due == mark.due { continue }
            actions.append(.resolve(mark.kind, due: mark.due))
        }
        var next: Date?
        for clock in status.clocks {
            guard let due = clock.due else { continue }
            let mark = marks.first { $0.kind == clock.kind && $0.due == due }
            if clock.isBreached {
                let open = mark.map { $0.breached && !$0.resolved } ?? false
                if alerting(clock), !open { actions.append(.breach(clock.kind, due: due)) }
                continue
            }
            let remindAt = due.addingTimeInterval(-reminderLead)
            var reminded = mark?.reminded == true
            if !reminded, remindAt <= now {
                actions.append(.remind(clock.kind, due: due))
                reminded = true
            }
            let check = reminded ? due : remindAt
            next = next.map { min($0, check) } ?? check
        }
        return Plan(actions: actions, nextCheck: next)
    }
}
