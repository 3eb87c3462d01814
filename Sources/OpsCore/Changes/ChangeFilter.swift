import Foundation

/// What the Changes timeline shows: one service, one kind, one status, one configuration
/// environment, each optional. `pending` is the status of configuration change sets not
/// closed yet (they have no change event until they are applied).
public struct ChangeFilter: Sendable, Equatable {
    public enum Status: String, CaseIterable, Sendable {
        case pending, started, succeeded, failed
        public var eventStatus: ChangeEvent.Status? { ChangeEvent.Status(rawValue: rawValue) }
    }

    public var service: String?
    public var kind: ChangeEvent.Kind?
    public var status: Status?
    public var environment: ConfigEnvironment?

    public init(service: String? = nil, kind: ChangeEvent.Kind? = nil, status: Status? = nil, environment: ConfigEnvironment? = nil) {
        self.service = service
        self.kind = kind
        self.status = status
        self.environment = environment
    }

    /// The service config change events are recorded under.
    public static let configService = "platform-config"

    /// Whether open change sets belong in the timeline under this filter.
    public var showsOpenChangeSets: Bool {
        (kind == nil || kind == .config) && (status == nil || status == .pending) && (service == nil || service == Self.configService)
    }

    /// Whether change events belong in it (pending names open change sets only).
    public var showsEvents: Bool { status != .pending }
}

/// What a change event's `version` says about the item behind it: config applies are
/// recorded as "cs-12 apply staging r4", flag changes under the flag's key as "v3".
public enum ChangeReference {
    /// The change set id of a config event ("cs-12 …"), nil otherwise.
    public static func changeSet(of event: ChangeEvent) -> Int64? {
        guard event.kind == .config, let version = event.version, version.hasPrefix("cs-") else { return nil }
        return Int64(version.dropFirst(3).prefix { $0.isNumber })
    }

    /// The environment a config event was applied to.
    public static func environment(of event: ChangeEvent) -> ConfigEnvironment? {
        guard event.kind == .config, let words = event.version?.split(separator: " ") else { return nil }
        return words.lazy.compactMap { ConfigEnvironment(rawValue: String($0)) }.first
    }

    /// The flag version of a flag event ("v3" → 3).
    public static func flagVersion(of event: ChangeEvent) -> Int? {
        guard event.kind == .flag, let version = event.version, version.hasPrefix("v") else { return nil }
        return Int(version.dropFirst())
    }
}
