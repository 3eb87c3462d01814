import Foundation

/// One alert occurrence as the store keeps it: what its source said (`status`) and what
/// people did with it (`state`, acknowledgement, assignment, silence, escalation).
public struct AlertRecord: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64
    public var fingerprint: String
    public var rule: String
    public var source: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var severity: AlertSeverity
    public var status: AlertStatus
    public var summary: String
    public var runbookURL: String?
    public var value: Double?
    public var startsAt: Date
    public var lastSeenAt: Date
    public var endsAt: Date?
    /// How many times this row entered `firing` (0 while it has only been pending).
    public var occurrences: Int
    public var assignee: String?
    public var team: String?
    // Workflow (migration "2026-11-28-alert-queue").
    public var state: AlertState
    public var ackedBy: String?
    public var ackedAt: Date?
    public var ackNote: String?
    public var snoozedUntil: Date?
    public var resolvedBy: String?
    public var resolvedAt: Date?
    public var closedBy: String?
    public var closedAt: Date?
    public var closeReason: String?
    public var falsePositive: Bool
    /// The silence that currently mutes it (shown dimmed, never hidden).
    public var silenceID: Int64?
    /// 0 = no policy applies; n = paged at level n.
    public var escalationLevel: Int
    public var escalatedAt: Date?
    /// The previous occurrence of the same fingerprint.
    public var previousID: Int64?
    public var flapping: Bool
    public var groupKey: String
    public var service: String
    /// Bumped by every change a person makes; `--expect-version` compares it.
    public var version: Int

    public var isSilenced: Bool { silenceID != nil }
    /// The state as people read it: "silenced" overlays an active state.
    /// What people see: the state, and "silenced" beside it for a muted active alert (an
    /// acknowledged alert that is also silenced shows both, so nobody re-acknowledges it).
    public var displayState: String {
        guard isSilenced && state.isActive else { return state.rawValue }
        return state == .open ? "silenced" : "\(state.rawValue)+silenced"
    }

    public init(id: Int64,
                fingerprint: String,
                rule: String,
                source: String,
                labels: [String: String],
                annotations: [String: String],
                severity: AlertSeverity,
                status: AlertStatus,
                summary: String,
                runbookURL: String?,
                value: Double?,
                startsAt: Date,
                lastSeenAt: Date,
                endsAt: Date?,
                occurrences: Int,
                assignee: String?,
                team: String?,
                state: AlertState,
                ackedBy: String?,
                ackedAt: Date?,
                ackNote: String?,
                snoozedUntil: Date?,
                resolvedBy: String?,
                resolvedAt: Date?,
                closedBy: String?,
                closedAt: Date?,
                closeReason: String?,
                falsePositive: Bool,
                silenceID: Int64?,
                escalationLevel: Int,
                escalatedAt: Date?,
                previousID: Int64?,
                flapping: Bool,
                groupKey: String,
                service: String,
                version: Int) {
        self.id = id
        self.fingerprint = fingerprint
        self.rule = rule
        self.source = source
        self.labels = labels
        self.annotations = annotations
        self.severity = severity
        self.status = status
        self.summary = summary
        self.runbookURL = runbookURL
        self.value = value
        self.startsAt = startsAt
        self.lastSeenAt = lastSeenAt
        self.endsAt = endsAt
        self.occurrences = occurrences
        self.assignee = assignee
        self.team = team
        self.state = state
        self.ackedBy = ackedBy
        self.ackedAt = ackedAt
        self.ackNote = ackNote
        self.snoozedUntil = snoozedUntil
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
        self.closedBy = closedBy
        self.closedAt = closedAt
        self.closeReason = closeReason
        self.falsePositive = falsePositive
        self.silenceID = silenceID
        self.escalationLevel = escalationLevel
        self.escalatedAt = escalatedAt
        self.previousID = previousID
        self.flapping = flapping
        self.groupKey = groupKey
        self.service = service
        self.version = version
    }
}
