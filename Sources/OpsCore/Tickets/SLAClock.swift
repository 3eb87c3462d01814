import Foundation

/// Which SLA clock.
public enum SLAKind: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case firstResponse = "first-response"
    case nextUpdate = "next-update"
    case resolution

    public var description: String { rawValue }

    public var title: String {
        switch self {
        case .firstResponse: "first response"
        case .nextUpdate: "next update"
        case .resolution: "resolution"
        }
    }
}

/// One clock of one ticket at one instant.
public struct SLAClock: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// Counting; `due` is in the future.
        case running(due: Date)
        /// Counting and past `due`.
        case breached(due: Date)
        /// Stopped by a waiting status with this much business time left (negative: already over).
        case paused(left: TimeInterval)
        /// Done at `at`, on time or not.
        case met(at: Date, due: Date)
        case missed(at: Date, due: Date)
        /// Does not apply now (no first response yet for next update, or the ticket is finished).
        case inactive
    }

    public var kind: SLAKind
    public var state: State

    public init(kind: SLAKind, state: State) {
        self.kind = kind
        self.state = state
    }

    /// The instant it breaches (or breached), for clocks still counting.
    public var due: Date? {
        switch state {
        case let .running(due), let .breached(due): due
        default: nil
        }
    }

    public var isBreached: Bool {
        if case .breached = state { return true }
        return false
    }
}

/// The SLA clocks of one ticket.
public struct SLAStatus: Sendable, Equatable {
    public var clocks: [SLAClock]

    public init(clocks: [SLAClock]) { self.clocks = clocks }

    public func clock(_ kind: SLAKind) -> SLAClock? { clocks.first { $0.kind == kind } }

    /// The earliest due instant of a clock still counting: what the store indexes and the
    /// sweep and the queue's risk sort read.
    public var nextDue: (kind: SLAKind, due: Date)? {
        clocks.compactMap { clock in clock.due.map { (clock.kind, $0) } }.min { $0.1 < $1.1 }
    }

    public var isBreached: Bool { clocks.contains(where: \.isBreached) }

    /// Seconds left on the most urgent counting clock (negative when breached), nil if none counts.
    public func timeLeft(now: Date) -> TimeInterval? { nextDue.map { $0.due.timeIntervalSince(now) } }
}

/// The countdown text of the queue and `tickets list`: `1:45` left, `-0:12` breached, hours
/// and minutes up to 99 hours, then whole days (`5d`, `-3d`).
public enum SLACountdown {
    public static func format(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite else { return "—" }
        let sign = seconds < 0 ? "-" : ""
        let minutes = Int((abs(seconds) / 60).rounded(.down))
        if minutes >= 100 * 60 { return "\(sign)\(minutes / 1_440)d" }
        return sign + String(format: "%d:%02d", minutes / 60, minutes % 60)
    }
}
