import Foundation

/// Everything the health dashboard shows, derived from the store in one read
/// (`DashboardLoader`) and drawn by `HealthPane`: pure data, so goldens can build it.
public struct DashboardSnapshot: Equatable, Sendable {
    /// `pending`: an alert about the check is inside its `for` (it has not fired).
    public enum Health: String, Sendable, Equatable { case healthy, degraded, down, pending, unknown }

    public struct Service: Equatable, Sendable {
        public var name: String
        public var health: Health
        public var detail: String
        public init(name: String, health: Health, detail: String) {
            self.name = name
            self.health = health
            self.detail = detail
        }
    }

    /// A metric shown as a tile or gauge, with its history over the chosen window.
    public struct Metric: Equatable, Sendable {
        public var id: String
        public var title: String
        public var value: Double?
        public var unit: String
        public var history: [Double]
        public var health: Health
        /// For gauges: the 0…1 fill; nil for tiles.
        public var ratio: Double?
        public init(id: String, title: String, value: Double?, unit: String, history: [Double], health: Health, ratio: Double? = nil) {
            self.id = id
            self.title = title
            self.value = value
            self.unit = unit
            self.history = history
            self.health = health
            self.ratio = ratio
        }
    }

    public struct FiringAlert: Equatable, Sendable {
        public var severity: String
        public var summary: String
        public var since: Date
        public init(severity: String, summary: String, since: Date) {
            self.severity = severity
            self.summary = summary
            self.since = since
        }
    }

    public struct PendingAlert: Equatable, Sendable {
        public var severity: String
        public var summary: String
        public var firesIn: String
        public init(severity: String, summary: String, firesIn: String) {
            self.severity = severity
            self.summary = summary
            self.firesIn = firesIn
        }
    }

    public struct SourceState: Equatable, Sendable {
        public var name: String
        public var up: Bool?
        public var lastSuccess: Date?
        public var lastError: String?
        public init(name: String, up: Bool?, lastSuccess: Date?, lastError: String?) {
            self.name = name
            self.up = up
            self.lastSuccess = lastSuccess
            self.lastError = lastError
        }
    }

    public struct Uptime: Equatable, Sendable {
        public var target: String
        /// Fractions 0…1 over 24 h, 7 d, 30 d; nil without samples.
        public var day: Double?
        public var week: Double?
        public var month: Double?
        public init(target: String, day: Double?, week: Double?, month: Double?) {
            self.target = target
            self.day = day
            self.week = week
            self.month = month
        }
    }

    public var takenAt: Date
    public var services: [Service] = []
    public var gauges: [Metric] = []
    public var kpis: [Metric] = []
    public var firing: [FiringAlert] = []
    /// Alerts inside their `for`, worst first, with "fires in …".
    public var pending: [PendingAlert] = []
    public var severityCounts: [String: Int] = [:]
    public var sources: [SourceState] = []
    public var uptime: [Uptime] = []
    /// The most severe open SEV-1 or SEV-2 incident the reader may see, for the banner.
    public var majorIncident: IncidentBanner?
    /// A deployment gating, degraded or failed, for the deploy banner.
    public var deployBanner: DeployBanner?

    public init(takenAt: Date) { self.takenAt = takenAt }

    /// Tiles and gauges in selection order (the detail chart's targets).
    public var selectable: [Metric] { kpis + gauges }
}

/// The time windows the dashboard's charts cover.
public enum DashboardWindow: Int, CaseIterable, Sendable {
    case m15, h1, h6, h24, d7

    public var seconds: TimeInterval {
        switch self {
        case .m15: 900
        case .h1: 3600
        case .h6: 21_600
        case .h24: 86_400
        case .d7: 604_800
        }
    }

    public var label: String {
        switch self {
        case .m15: "15m"
        case .h1: "1h"
        case .h6: "6h"
        case .h24: "24h"
        case .d7: "7d"
        }
    }
}
