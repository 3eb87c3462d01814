import Foundation

/// A change to production: a deploy, rollback, config edit, feature flag or infrastructure
/// change, recorded by CI or a person. Incidents list the ones before detection for their
/// services as suspects. Later workflows (deployments, config, flags) build on this record.
public struct ChangeEvent: Sendable, Equatable, Codable {
    public enum Kind: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
        case deploy, rollback, config, flag, infra
        public var description: String { rawValue }
    }

    public enum Status: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
        case started, succeeded, failed
        public var description: String { rawValue }
    }

    public var id: Int64
    public var kind: Kind
    public var service: String
    public var version: String?
    public var status: Status
    /// Who made the change (a login or a CI identity); `recordedBy` is who ran the command.
    public var by: String
    public var at: Date
    public var link: String?
    public var recordedBy: String

    public init(id: Int64, kind: Kind, service: String, version: String?, status: Status, by: String, at: Date, link: String?,
                recordedBy: String) {
        self.id = id
        self.kind = kind
        self.service = service
        self.version = version
        self.status = status
        self.by = by
        self.at = at
        self.link = link
        self.recordedBy = recordedBy
    }

    /// A failed deploy offers to declare a deployment incident with the rollback checklist.
    public var suggestsIncident: Bool { kind == .deploy && status == .failed }
}

/// What `changes record` validates before the store sees it.
public struct NewChange: Sendable, Equatable {
    public var kind: ChangeEvent.Kind
    public var service: String
    public var version: String?
    public var status: ChangeEvent.Status
    public var by: String?
    public var at: Date?
    public var link: String?

    public init(kind: ChangeEvent.Kind, service: String, version: String? = nil, status: ChangeEvent.Status = .succeeded,
                by: String? = nil, at: Date? = nil, link: String? = nil) {
        self.kind = kind
        self.service = service
        self.version = version
        self.status = status
        self.by = by
        self.at = at
        self.link = link
    }
}
