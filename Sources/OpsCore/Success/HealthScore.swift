import Foundation

/// What the health score of one customer is computed from: every number read from the
/// store at one moment (see `HealthScoring` for the formula and Docs/DECISIONS.md).
public struct HealthInputs: Sendable, Equatable, Codable {
    /// Average sends per minute over the last 24 hours and over the six days before it
    /// (`pm_tenant_sends_per_minute{tenant=…}`); nil when the tenant has no series there.
    public var recentSends: Double?
    public var priorSends: Double?
    /// Average bounce and complaint percentages over the last 24 hours.
    public var bouncePercent: Double?
    public var complaintPercent: Double?
    /// Failed charges in the last 30 days (Stripe customers linked to this customer).
    public var failedPayments: Int
    /// Open tickets by priority: index 0 is P1 … index 3 is P4.
    public var openTickets: [Int]
    /// Average CSAT (1–5) of tickets closed in the last 90 days, nil without ratings.
    public var csat: Double?
    /// Incidents naming the customer declared in the last 30 days, by severity (index 0 is SEV1).
    public var incidents: [Int]
    /// Days since the last outreach or update sent to the customer (or since they joined).
    public var daysSinceContact: Int

    public init(recentSends: Double? = nil, priorSends: Double? = nil, bouncePercent: Double? = nil, complaintPercent: Double? = nil,
                failedPayments: Int = 0, openTickets: [Int] = [0, 0, 0, 0], csat: Double? = nil, incidents: [Int] = [0, 0, 0, 0],
                daysSinceContact: Int = 0) {
        self.recentSends = recentSends
        self.priorSends = priorSends
        self.bouncePercent = bouncePercent
        self.complaintPercent = complaintPercent
        self.failedPayments = failedPayments
        self.openTickets = openTickets
        self.csat = csat
        self.incidents = incidents
        self.daysSinceContact = daysSinceContact
    }
}

/// One factor of a score: what was seen and how many points it took off.
public struct HealthFactor: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case volumeTrend = "volume-trend", bounces, complaints, failedPayments = "failed-payments", openTickets = "open-tickets", csat
        case incidents, contact

        /// The most points the factor can take off.
        public var cap: Int {
            switch self {
            case .volumeTrend, .failedPayments: 20
            case .bounces, .complaints, .openTickets: 15
            case .csat, .incidents, .contact: 10
            }
        }
    }

    public var kind: Kind
    /// What was measured, in words ("-38 % vs the 6 days before", "no data").
    public var observed: String
    /// Points taken off the 100 (0 … kind.cap); the factor's contribution is `-points`.
    public var points: Int

    public init(kind: Kind, observed: String, points: Int) {
        self.kind = kind
        self.observed = observed
        self.points = points
    }
}

/// A customer's score with its factors, in the order of `HealthFactor.Kind.allCases`.
public struct HealthScore: Sendable, Equatable, Codable {
    public var score: Int
    public var factors: [HealthFactor]
    public var atRisk: Bool

    public init(score: Int, factors: [HealthFactor], atRisk: Bool) {
        self.score = score
        self.factors = factors
        self.atRisk = atRisk
    }
}

/// The health score: 100 minus the points each factor takes off (each capped), floored
/// at 0. Below `threshold` the customer is at risk. Pure; the formula is documented in
/// Docs/DECISIONS.md and pinned by `HealthScoringTests`.
///
/// | factor | points off | cap |
/// |---|---|---|
/// | sending volume trend | (drop % − 10) / 2, drop = last 24 h vs the 6 days before | 20 |
/// | bounces | (bounce % − 2) × 5 | 15 |
/// | complaints | (complaint % − 0.1) × 50 | 15 |
/// | failed payments (30 d) | 10 each | 20 |
/// | open tickets | P1 8, P2 5, P3 2, P4 1 | 15 |
/// | CSAT (90 d) | (4 − average) × 5 | 10 |
/// | incidents (30 d) | SEV1 6, SEV2 4, SEV3/4 2 | 10 |
/// | days since contact | (days − 30) / 3 | 10 |
public enum HealthScoring {
    public static let defaultThreshold = 60

    public static func score(_ input: HealthInputs, threshold: Int = defaultThreshold) -> HealthScore {
        let factors = HealthFactor.Kind.allCases.map { factor($0, input) }
        let score = max(0, 100 - factors.reduce(0) { $0 + $1.points })
        return HealthScore(score: score, factors: factors, atRisk: score < threshold)
    }

    /// Points rounded half away from zero, then clamped to 0 … cap.
    static func points(_ value: Double, _ kind: HealthFactor.Kind) -> Int {
        guard value.isFinite else { return 0 }
        return Int(min(Double(kind.cap), max(0, value.rounded())))
    }

    static func factor(_ kind: HealthFactor.Kind, _ input: HealthInputs) -> HealthFactor {
        switch kind {
        case .volumeTrend:
            guard let recent = input.recentSends, let prior = input.priorSends, prior > 0 else {
                return HealthFactor(kind: kind, observed: "no per-tenant sends yet", points: 0)
            }
            let change = (recent - prior) / prior * 100
            return HealthFactor(kind: kind, observed: "\(signed(change)) % sends, last 24 h vs the 6 days before",
                                points: points((-change - 10) / 2, kind))
        case .bounces:
            guard let bounce = input.bouncePercent else { return HealthFactor(kind: kind, observed: "no per-tenant bounces yet", points: 0) }
            return HealthFactor(kind: kind, observed: "\(fixed(bounce, 2)) % bounced (24 h)", points: points((bounce - 2) * 5, kind))
        case .complaints:
            guard let rate = input.complaintPercent else { return HealthFactor(kind: kind, observed: "no per-tenant complaints yet", points: 0) }
            return HealthFactor(kind: kind, observed: "\(fixed(rate, 3)) % complaints (24 h)", points: points((rate - 0.1) * 50, kind))
        case .failedPayments:
            return HealthFactor(kind: kind, observed: "\(input.failedPayments) failed \(input.failedPayments == 1 ? "payment" : "payments") (30 d)",
                                points: points(Double(input.failedPayments * 10), kind))
        case .openTickets:
            let weights = [8, 5, 2, 1]
            let counts = (0..<4).map { $0 < input.openTickets.count ? max(0, input.openTickets[$0]) : 0 }
            let total = counts.reduce(0, +)
            let text = total == 0 ? "no open tickets"
                : counts.enumerated().filter { $0.element > 0 }.map { "\($0.element) P\($0.offset + 1)" }.joined(separator: ", ") + " open"
            return HealthFactor(kind: kind, observed: text, points: points(Double(zip(counts, weights).reduce(0) { $0 + $1.0 * $1.1 }), kind))
        case .csat:
            guard let csat = input.csat else { return HealthFactor(kind: kind, observed: "no ratings (90 d)", points: 0) }
            return HealthFactor(kind: kind, observed: "CSAT \(fixed(csat, 1)) of 5 (90 d)", points: points((4 - csat) * 5, kind))
        case .incidents:
            let weights = [6, 4, 2, 2]
            let counts = (0..<4).map { $0 < input.incidents.count ? max(0, input.incidents[$0]) : 0 }
            let total = counts.reduce(0, +)
            let text = total == 0 ? "no incidents (30 d)"
                : counts.enumerated().filter { $0.element > 0 }.map { "\($0.element) SEV\($0.offset + 1)" }.joined(separator: ", ") + " (30 d)"
            return HealthFactor(kind: kind, observed: text, points: points(Double(zip(counts, weights).reduce(0) { $0 + $1.0 * $1.1 }), kind))
        case .contact:
            let days = max(0, input.daysSinceContact)
            return HealthFactor(kind: kind, observed: "\(days) \(days == 1 ? "day" : "days") since last contact",
                                points: points(Double(days - 30) / 3, kind))
        }
    }

    static func signed(_ value: Double) -> String { (value >= 0 ? "+" : "") + fixed(value, 0) }

    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
