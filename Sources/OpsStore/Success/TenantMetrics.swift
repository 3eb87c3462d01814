import Foundation
import OpsCore

/// Per-tenant mail health from the metric store: series carrying a `tenant` label (the
/// demo workload writes them; a real exporter would too), read the way every metric read
/// is (sealed blocks, rollups and this process's unsealed buffer).
public struct TenantMailHealth: Sendable, Equatable, Codable {
    public var recentSends: Double?
    public var priorSends: Double?
    public var bouncePercent: Double?
    public var complaintPercent: Double?
    public init() {}
}

extension AppDatabase {
    public static let tenantSendsMetric = "pm_tenant_sends_per_minute"
    public static let tenantBounceMetric = "pm_tenant_bounce_percent"
    public static let tenantComplaintMetric = "pm_tenant_complaint_percent"

    /// Mail health per tenant at `now`: sends averaged over the last 24 hours and over the
    /// six days before it; bounce and complaint rates over the last 24 hours. `only`
    /// limits the read to these tenants (nil: every tenant with a series).
    public func tenantMailHealth(now: Date, only: Set<String>? = nil) throws(OpsError) -> [String: TenantMailHealth] {
        var out: [String: TenantMailHealth] = [:]
        let dayAgo = now.addingTimeInterval(-86_400)
        for name in [Self.tenantSendsMetric, Self.tenantBounceMetric, Self.tenantComplaintMetric] {
            for series in try series(matching: name) {
                guard let tenant = series.labels["tenant"], only?.contains(tenant) ?? true else { continue }
                let from = name == Self.tenantSendsMetric ? now.addingTimeInterval(-7 * 86_400) : dayAgo
                let window = try samples(seriesID: series.id, from: from, to: now, maxPoints: 170)
                var recent = (sum: 0.0, n: 0), prior = (sum: 0.0, n: 0)
                for point in window.points {
                    guard let avg = point.avg, point.count > 0 else { continue }
                    if point.time >= dayAgo {
                        recent.sum += avg * Double(point.count)
                        recent.n += point.count
                    } else {
                        prior.sum += avg * Double(point.count)
                        prior.n += point.count
                    }
                }
                let recentAverage = recent.n > 0 ? recent.sum / Double(recent.n) : nil
                var health = out[tenant] ?? TenantMailHealth()
                switch name {
                case Self.tenantSendsMetric:
                    health.recentSends = recentAverage
                    health.priorSends = prior.n > 0 ? prior.sum / Double(prior.n) : nil
                case Self.tenantBounceMetric: health.bouncePercent = recentAverage
                default: health.complaintPercent = recentAverage
                }
                out[tenant] = health
            }
        }
        return out
    }
}
