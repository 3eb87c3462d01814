import Foundation

/// One incident as the KPIs see it.
public struct IncidentStatsInput: Sendable, Equatable {
    public var incident: Incident
    /// The earliest linked alert's start: the first signal an alert gave.
    public var firstAlertAt: Date?
    /// The earliest linked customer ticket's opening.
    public var firstTicketAt: Date?
    /// When the last containment item was ticked (security incidents).
    public var containedAt: Date?
    /// The postmortem's due date and when it was published, if it was.
    public var postmortemDue: Date?
    public var postmortemPublishedAt: Date?
    public var actionItemsOpen: Int
    public var actionItemsOverdue: Int

    public init(incident: Incident, firstAlertAt: Date? = nil, firstTicketAt: Date? = nil, containedAt: Date? = nil,
                postmortemDue: Date? = nil, postmortemPublishedAt: Date? = nil, actionItemsOpen: Int = 0, actionItemsOverdue: Int = 0) {
        self.incident = incident
        self.firstAlertAt = firstAlertAt
        self.firstTicketAt = firstTicketAt
        self.containedAt = containedAt
        self.postmortemDue = postmortemDue
        self.postmortemPublishedAt = postmortemPublishedAt
        self.actionItemsOpen = actionItemsOpen
        self.actionItemsOverdue = actionItemsOverdue
    }
}

/// The incident KPIs of `pmops incidents stats`. Pure: the store gathers the inputs, tests
/// give them with a fixed instant. Times are seconds; means over the incidents that have
/// both ends (an unacknowledged incident does not count as zero).
public struct IncidentStats: Sendable, Equatable, Codable {
    public struct Times: Sendable, Equatable, Codable {
        public var incidents = 0
        /// Declared → acknowledged.
        public var mtta: TimeInterval?
        /// First alert → declared (how long detection took to become an incident).
        public var mttd: TimeInterval?
        /// Detected → mitigated.
        public var timeToMitigate: TimeInterval?
        /// Detected → resolved.
        public var mttr: TimeInterval?
        public init() {}
    }

    public struct Group: Sendable, Equatable, Codable {
        public var key: String
        public var times: Times
        public init(key: String, times: Times) {
            self.key = key
            self.times = times
        }
    }

    public var since: Date
    public var now: Date
    public var overall = Times()
    public var bySeverity: [Group] = []
    public var byCategory: [Group] = []
    /// Of incidents with a linked alert or ticket: the share an alert caught before any customer ticket.
    public var proactiveDetectionPercent: Double?
    public var postmortemsOverdue = 0
    public var actionItemsOpen = 0
    public var actionItemsOverdue = 0
    /// Security incidents: mean detected → last containment item ticked.
    public var securityTimeToContain: TimeInterval?
    /// Breaches whose regulator was notified within 72 hours, of breaches decided (notified or overdue).
    public var breachesInTime = 0
    public var breachesLate = 0

    public init(since: Date, now: Date) {
        self.since = since
        self.now = now
    }

    public static func compute(_ inputs: [IncidentStatsInput], since: Date, now: Date) -> IncidentStats {
        var stats = IncidentStats(since: since, now: now)
        stats.overall = times(inputs)
        stats.bySeverity = IncidentSeverity.allCases.compactMap { severity in
            let group = inputs.filter { $0.incident.severity == severity }
            return group.isEmpty ? nil : Group(key: severity.description, times: times(group))
        }
        stats.byCategory = IncidentCategory.allCases.compactMap { category in
            let group = inputs.filter { $0.incident.category == category }
            return group.isEmpty ? nil : Group(key: category.rawValue, times: times(group))
        }
        var signalled = 0
        var proactive = 0
        for input in inputs {
            switch (input.firstAlertAt, input.firstTicketAt) {
            case let (alert?, ticket?): signalled += 1; if alert < ticket { proactive += 1 }
            case (.some, nil): signalled += 1; proactive += 1
            case (nil, .some): signalled += 1
            case (nil, nil): break
            }
            if let due = input.postmortemDue, input.postmortemPublishedAt == nil, due < now { stats.postmortemsOverdue += 1 }
            stats.actionItemsOpen += input.actionItemsOpen
            stats.actionItemsOverdue += input.actionItemsOverdue
            switch IncidentClocks.breachState(input.incident, now: now) {
            case let .notified(_, inTime): if inTime { stats.breachesInTime += 1 } else { stats.breachesLate += 1 }
            case .overdue: stats.breachesLate += 1
            case .none, .running: break
            }
        }
        if signalled > 0 { stats.proactiveDetectionPercent = Double(proactive) * 100 / Double(signalled) }
        stats.securityTimeToContain = mean(inputs.filter { $0.incident.category.isSecurity }.compactMap { input in
            input.containedAt.map { $0.timeIntervalSince(input.incident.detectedAt) }
        })
        return stats
    }

    static func times(_ inputs: [IncidentStatsInput]) -> Times {
        var t = Times()
        t.incidents = inputs.count
        t.mtta = mean(inputs.compactMap { i in i.incident.acknowledgedAt.map { $0.timeIntervalSince(i.incident.declaredAt) } })
        t.mttd = mean(inputs.compactMap { i in i.firstAlertAt.map { i.incident.declaredAt.timeIntervalSince($0) } })
        t.timeToMitigate = mean(inputs.compactMap { i in i.incident.mitigatedAt.map { $0.timeIntervalSince(i.incident.detectedAt) } })
        t.mttr = mean(inputs.compactMap { i in i.incident.resolvedAt.map { $0.timeIntervalSince(i.incident.detectedAt) } })
        return t
    }

    static func mean(_ values: [TimeInterval]) -> TimeInterval? {
        let kept = values.map { max(0, $0) }
        return kept.isEmpty ? nil : kept.reduce(0, +) / Double(kept.count)
    }
}
