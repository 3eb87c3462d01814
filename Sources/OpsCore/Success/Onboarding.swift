import Foundation

/// The onboarding plan every new tenant follows, in order. Names are stable: they are
/// stored, typed on the command line and shown in JSON.
public enum OnboardingMilestone: String, CaseIterable, Codable, Sendable {
    case dnsVerified = "dns-verified"
    case firstCampaign = "first-campaign"
    case warmupComplete = "warmup-complete"
    case sends10k = "sends-10k"
    case integrationConnected = "integration-connected"

    public var title: String {
        switch self {
        case .dnsVerified: "DNS verified (SPF, DKIM, DMARC)"
        case .firstCampaign: "First campaign sent"
        case .warmupComplete: "Warm-up complete"
        case .sends10k: "10,000 sends"
        case .integrationConnected: "Integration connected (API or CRM)"
        }
    }

    /// Parses a milestone as typed ("dns_verified", "DNS-Verified" accepted).
    public init?(name: String) {
        self.init(rawValue: name.lowercased().replacingOccurrences(of: "_", with: "-"))
    }
}

/// What success staff write about a customer. Outreach counts as contact for the health
/// score; plan notes are the success plan; risk and recovered are written by the sweep.
public enum SuccessEntryKind: String, CaseIterable, Codable, Sendable {
    case outreach, plan, risk, recovered
}

/// Usage against the plan's monthly sending allowance: at 80 % or more the customer is an
/// expansion candidate (an upgrade conversation), documented with the health formula.
public enum ExpansionSignals {
    /// Sends per month each plan includes.
    public static func monthlyAllowance(_ plan: Customer.Plan) -> Double {
        switch plan {
        case .free: 10_000
        case .starter: 100_000
        case .growth: 500_000
        case .scale: 2_000_000
        case .enterprise: 10_000_000
        }
    }

    public static let nearLimit = 0.8

    /// Projected monthly sends from an average sends/minute (30 days of minutes).
    public static func projectedMonthly(sendsPerMinute: Double) -> Double { max(0, sendsPerMinute) * 43_200 }

    /// The share of the allowance used, and whether it is near the limit. Enterprise has no
    /// larger plan, so it is never an upgrade candidate.
    public static func usage(plan: Customer.Plan, sendsPerMinute: Double?) -> (share: Double, nearLimit: Bool)? {
        guard let sendsPerMinute else { return nil }
        let share = projectedMonthly(sendsPerMinute: sendsPerMinute) / monthlyAllowance(plan)
        return (share, share >= nearLimit && plan != .enterprise)
    }
}

/// Validation of what people type about customers.
public enum SuccessValidation {
    public static let maxNote = 4_000

    public static func note(_ text: String, field: String = "note") throws(OpsError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalid(field: field, message: "must not be empty.") }
        guard trimmed.count <= maxNote else { throw .invalid(field: field, message: "is \(trimmed.count) characters; at most \(maxNote).") }
        return trimmed
    }

    /// A milestone date: not before 2000 and not more than a day ahead of `now`.
    public static func doneDate(_ date: Date, now: Date, field: String = "at") throws(OpsError) -> Date {
        guard date >= Date(timeIntervalSince1970: 946_684_800) else { throw .invalid(field: field, message: "is before 2000.") }
        guard date <= now.addingTimeInterval(86_400) else { throw .invalid(field: field, message: "is in the future.") }
        return date
    }
}
