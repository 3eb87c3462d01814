import Foundation

/// The three targets of one priority, as business time.
public struct SLATargets: Sendable, Equatable, Codable {
    /// Opened → the first customer update out.
    public var firstResponse: TimeInterval
    /// The last customer update out → the next one, while the customer waits on us.
    public var nextUpdate: TimeInterval
    /// Opened → resolved, not counting time waiting on the customer or a vendor.
    public var resolution: TimeInterval

    public init(firstResponse: TimeInterval, nextUpdate: TimeInterval, resolution: TimeInterval) {
        self.firstResponse = firstResponse
        self.nextUpdate = nextUpdate
        self.resolution = resolution
    }
}

/// The SLA targets per priority, the category limits that tighten them, and the
/// business calendar they are counted on (P1 is counted around the clock).
public struct SLAPolicy: Sendable, Equatable {
    public var targets: [TicketPriority: SLATargets]
    /// Resolution limits per category; the stricter of this and the priority's target wins,
    /// so a P4 refund is still settled within its 24 hours and a P1 refund within 4.
    public var resolutionByCategory: [TicketCategory: TimeInterval]
    public var calendar: BusinessCalendar

    public init(targets: [TicketPriority: SLATargets] = SLAPolicy.defaultTargets,
                resolutionByCategory: [TicketCategory: TimeInterval] = SLAPolicy.defaultCategoryLimits,
                calendar: BusinessCalendar = .standard) {
        self.targets = targets
        self.resolutionByCategory = resolutionByCategory
        self.calendar = calendar
    }

    private static let hour: TimeInterval = 3_600

    /// P1 1 h / 2 h / 4 h, P2 4 h / 8 h / 24 h, P3 8 h / 24 h / 72 h, P4 24 h / 72 h / 7 d.
    public static let defaultTargets: [TicketPriority: SLATargets] = [
        .p1: SLATargets(firstResponse: 1 * hour, nextUpdate: 2 * hour, resolution: 4 * hour),
        .p2: SLATargets(firstResponse: 4 * hour, nextUpdate: 8 * hour, resolution: 24 * hour),
        .p3: SLATargets(firstResponse: 8 * hour, nextUpdate: 24 * hour, resolution: 72 * hour),
        .p4: SLATargets(firstResponse: 24 * hour, nextUpdate: 72 * hour, resolution: 168 * hour),
    ]

    /// Refunds within 24 h and billing disputes within 48 h.
    public static let defaultCategoryLimits: [TicketCategory: TimeInterval] = [.refund: 24 * hour, .billingDispute: 48 * hour]

    public static let standard = SLAPolicy()

    /// The targets that apply to a ticket.
    public func targets(priority: TicketPriority, category: TicketCategory) -> SLATargets {
        var result = targets[priority] ?? Self.defaultTargets[priority] ?? SLATargets(firstResponse: 0, nextUpdate: 0, resolution: 0)
        if let limit = resolutionByCategory[category] { result.resolution = min(result.resolution, limit) }
        return result
    }

    /// The calendar a priority's clocks run on.
    public func calendar(for priority: TicketPriority) -> BusinessCalendar {
        priority.isAroundTheClock ? .aroundTheClock : calendar
    }
}
