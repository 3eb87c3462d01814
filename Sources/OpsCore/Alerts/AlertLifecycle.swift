import Foundation

/// Where a person stands with an alert (its workflow), as opposed to what the source says
/// (pending, firing, resolved). Silenced is an overlay, not a state: a silenced alert keeps
/// its state and is shown dimmed.
public enum AlertState: String, Codable, Sendable, CaseIterable {
    case open, acknowledged, snoozed, resolved, closed

    /// Still needs someone: shown in the default queue, escalates when unacknowledged.
    public var isActive: Bool { self == .open || self == .acknowledged || self == .snoozed }
}

/// Everything a person (or the system) can do to an alert.
public enum AlertAction: String, Codable, Sendable, CaseIterable {
    case acknowledge, snooze, resolve, close, falsePositive = "false_positive", escalate, assign, note
    /// The source saw it fire again / stop (not a person).
    case sourceResolved = "source_resolved"
    /// A snooze ran out (the system).
    case unsnooze

    public var permission: Permission {
        switch self {
        case .acknowledge, .snooze, .note, .unsnooze: .alertsAck
        case .resolve, .close, .falsePositive, .escalate, .assign, .sourceResolved: .alertsManage
        }
    }

    /// The verb in messages ("acknowledge alert 12").
    public var verb: String {
        switch self {
        case .acknowledge: "acknowledge"
        case .snooze: "snooze"
        case .resolve: "resolve"
        case .close: "close"
        case .falsePositive: "close as a false positive"
        case .escalate: "escalate"
        case .assign: "assign"
        case .note: "annotate"
        case .sourceResolved: "resolve"
        case .unsnooze: "wake"
        }
    }
}

/// The transition table. Pure: the store calls it inside the write transaction, so the
/// console and the CLI get the same answer.
public enum AlertLifecycle {
    /// The state after `action`, or a conflict naming why not. `acknowledged` tells apart an
    /// acknowledged alert that was later snoozed (waking returns it to acknowledged).
    public static func next(_ action: AlertAction, from state: AlertState, acknowledged: Bool) -> Result<AlertState, AlertTransitionError> {
        switch (action, state) {
        case (.acknowledge, .open), (.acknowledge, .snoozed): return .success(.acknowledged)
        case (.acknowledge, .acknowledged): return .failure(.alreadyAcknowledged)
        case (.snooze, .open), (.snooze, .acknowledged), (.snooze, .snoozed): return .success(.snoozed)
        case (.unsnooze, .snoozed): return .success(acknowledged ? .acknowledged : .open)
        case (.resolve, .open), (.resolve, .acknowledged), (.resolve, .snoozed): return .success(.resolved)
        case (.resolve, .resolved): return .failure(.alreadyResolved)
        case (.sourceResolved, .open), (.sourceResolved, .acknowledged), (.sourceResolved, .snoozed): return .success(.resolved)
        case (.sourceResolved, .resolved), (.sourceResolved, .closed): return .success(state)
        case (.close, .resolved): return .success(.closed)
        case (.close, .open), (.close, .acknowledged), (.close, .snoozed): return .failure(.notResolved)
        case (.falsePositive, .open), (.falsePositive, .acknowledged), (.falsePositive, .snoozed), (.falsePositive, .resolved):
            return .success(.closed)
        case (.escalate, .open), (.escalate, .acknowledged), (.escalate, .snoozed): return .success(state)
        case (.assign, _) where state != .closed: return .success(state)
        case (.note, _): return .success(state)
        case (_, .closed): return .failure(.closed)
        default: return .failure(.notActive(state))
        }
    }
}

/// Why a transition was refused; the store turns it into a sentence with who and when.
public enum AlertTransitionError: Error, Equatable, Sendable {
    case alreadyAcknowledged, alreadyResolved, notResolved, closed
    case notActive(AlertState)
}

/// When an alert counts as flapping: `changes` fire/resolve changes of one fingerprint
/// within `window` seconds. Flapping alerts stay visible but their notifications are damped.
public struct FlapPolicy: Sendable, Equatable {
    public var changes: Int
    public var window: TimeInterval
    public init(changes: Int = 6, window: TimeInterval = 3600) {
        self.changes = changes
        self.window = window
    }
    public static let standard = FlapPolicy()

    public func isFlapping(changesInWindow: Int) -> Bool { changesInWindow >= changes }
}
