import Foundation

/// The human number of a deployment, `DEP-12`: what pipelines print and every command takes.
public struct DeploymentNumber: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ value: Int) { rawValue = value }

    public static let prefix = "DEP-"
    public var description: String { "\(Self.prefix)\(rawValue)" }
    public static func < (a: DeploymentNumber, b: DeploymentNumber) -> Bool { a.rawValue < b.rawValue }

    /// Accepts "DEP-12", "dep-12" and "12"; at most 9 digits, positive.
    public init?(text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if rest.uppercased().hasPrefix(Self.prefix) { rest = rest.dropFirst(Self.prefix.count) }
        guard (1...9).contains(rest.count), rest.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(rest), value > 0 else { return nil }
        rawValue = value
    }

    public static func parse(_ text: String) throws(OpsError) -> DeploymentNumber {
        guard let number = DeploymentNumber(text: text) else {
            throw .invalid(field: "deployment", message: "\(Printable.excerpt(text)) is not a deployment number; write it as DEP-12.")
        }
        return number
    }
}

/// Where a deployment stands. `gating` is the health-gate window after `finish`; the
/// collector ends it as `healthy` or `degraded`.
public enum DeploymentStatus: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case inProgress = "in-progress"
    case gating, healthy, degraded, failed
    case rolledBack = "rolled-back"

    public var description: String { rawValue }

    /// The deployment hurt production (DORA's "change failure").
    public var isFailure: Bool { self == .degraded || self == .failed || self == .rolledBack }
    public var isFinished: Bool { self != .inProgress }

    /// The transitions the store allows; everything else is refused with a sentence.
    public func allows(_ next: DeploymentStatus) -> Bool {
        switch (self, next) {
        case (.inProgress, .gating), (.inProgress, .failed), (.inProgress, .rolledBack): true
        case (.gating, .healthy), (.gating, .degraded), (.gating, .rolledBack), (.gating, .failed): true
        case (.healthy, .degraded), (.healthy, .rolledBack): true
        case (.degraded, .rolledBack), (.degraded, .healthy): true
        case (.failed, .rolledBack): true
        default: false
        }
    }

    public func check(_ next: DeploymentStatus, _ number: DeploymentNumber) throws(OpsError) {
        guard allows(next) else {
            throw .conflict("\(number) is \(rawValue); it cannot become \(next.rawValue).")
        }
    }
}

/// One component's rollout state (api, mta-1, web…).
public enum ComponentStatus: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case pending, deploying, healthy, failed
    case rolledBack = "rolled-back"

    public var description: String { rawValue }

    /// Still moving: a deployment cannot finish while one of its components is.
    public var isUnsettled: Bool { self == .pending || self == .deploying }

    public func allows(_ next: ComponentStatus) -> Bool {
        switch (self, next) {
        case (.pending, .deploying), (.pending, .healthy), (.pending, .failed): true
        case (.deploying, .healthy), (.deploying, .failed), (.deploying, .rolledBack): true
        case (.healthy, .failed), (.healthy, .rolledBack): true
        case (.failed, .deploying), (.failed, .rolledBack): true
        default: false
        }
    }

    /// The change-event status a component step is reported as.
    public var changeStatus: ChangeEvent.Status {
        switch self {
        case .pending, .deploying: .started
        case .healthy, .rolledBack: .succeeded
        case .failed: .failed
        }
    }
}

/// A deployment as stored, with its components in the order they were reported.
public struct Deployment: Sendable, Equatable {
    public struct Component: Sendable, Equatable {
        public var name: String
        public var status: ComponentStatus
        public var updatedAt: Date
        public init(name: String, status: ComponentStatus, updatedAt: Date) {
            self.name = name
            self.status = status
            self.updatedAt = updatedAt
        }
    }

    public var number: DeploymentNumber
    public var service: String
    public var version: String
    public var link: String?
    /// Who deployed (a login or a CI identity); `recordedBy` ran the command.
    public var by: String
    public var status: DeploymentStatus
    public var startedAt: Date
    public var finishedAt: Date?
    /// When the commit was made, when the pipeline reports it (lead time).
    public var commitAt: Date?
    /// The end of the health-gate window; nil until the collector opens the gate.
    public var gateUntil: Date?
    /// When it first hurt production (degraded or failed); the start of time to restore.
    public var failedAt: Date?
    /// When production was restored (the rollback, or a later healthy deployment).
    public var restoredAt: Date?
    /// The latest gate or rollback outcome, one line.
    public var note: String?
    public var recordedBy: String
    public var components: [Component]
    /// Linked incidents (for example a security issue found after the deploy).
    public var incidents: [IncidentNumber]

    public init(number: DeploymentNumber, service: String, version: String, link: String?, by: String, status: DeploymentStatus,
                startedAt: Date, finishedAt: Date? = nil, commitAt: Date? = nil, gateUntil: Date? = nil, failedAt: Date? = nil,
                restoredAt: Date? = nil, note: String? = nil, recordedBy: String, components: [Component] = [], incidents: [IncidentNumber] = []) {
        self.number = number
        self.service = service
        self.version = version
        self.link = link
        self.by = by
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.commitAt = commitAt
        self.gateUntil = gateUntil
        self.failedAt = failedAt
        self.restoredAt = restoredAt
        self.note = note
        self.recordedBy = recordedBy
        self.components = components
        self.incidents = incidents
    }

    /// Components that failed: what a partial deployment shows.
    public var failedComponents: [String] { components.filter { $0.status == .failed }.map(\.name) }
}
