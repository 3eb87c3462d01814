import Foundation
internal import GRDB
import OpsCore

/// An integration with its live health: the status of its collector source and the last
/// incident that named its service.
public struct IntegrationStatus: Sendable, Equatable, Codable {
    public var integration: Integration
    /// "up", "down", "unknown" (source named, no status yet) or "no source".
    public var health: String
    public var healthDetail: String?
    public var lastIncident: String?
    public var lastIncidentAt: Date?
    public var openDeprecations: Int
}

/// What `integrations set` may change; nil leaves a field alone.
public struct IntegrationChanges: Sendable, Equatable {
    public var name: String?
    public var ownerTeam: String?
    public var apiVersion: String?
    public var source: String?
    public var service: String?
    public var rotationDue: Date?
    public init(name: String? = nil, ownerTeam: String? = nil, apiVersion: String? = nil, source: String? = nil, service: String? = nil,
                rotationDue: Date? = nil) {
        self.name = name
        self.ownerTeam = ownerTeam
        self.apiVersion = apiVersion
        self.source = source
        self.service = service
        self.rotationDue = rotationDue
    }
}

/// The integrations registry. Reads need changes.read; writes integrations.manage; the
/// security review integrations.review from someone other than the author.
extension AppDatabase {
    public func integrations(as context: ActorContext) throws(OpsError) -> [IntegrationStatus] {
        try authorize(.changesRead, context)
        let statuses = Dictionary(try sourceStatuses().map { ($0.source, $0) }, uniquingKeysWith: { a, _ in a })
        return try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            let incidents = try Row.fetchAll(db, sql: "SELECT number, title, services, declared_at FROM incident ORDER BY declared_at DESC LIMIT 500")
            return try Self.integrationRows(db: db).map { integration in
                var health = "no source", detail: String?
                if let source = integration.source {
                    if let status = statuses[source] {
                        health = status.up == true ? "up" : status.up == false ? "down" : "unknown"
                        detail = status.lastError
                    } else {
                        health = "unknown"
                        detail = "no status from source '\(source)' yet"
                    }
                }
                let service = integration.service ?? integration.id
                let incident = incidents.first { Incident.list($0["services"]).contains(service) }
                let open = try Int.fetchOne(db, sql: "SELECT count(*) FROM integration_deprecation WHERE integration_id = ? AND migrated_at IS NULL",
                                            arguments: [integration.id]) ?? 0
                return IntegrationStatus(integration: integration, health: health, healthDetail: detail,
                                         lastIncident: incident.map { "INC-\($0["number"] as Int64) \($0["title"] as String)" },
                                         lastIncidentAt: incident.flatMap { Timestamp.parse($0["declared_at"] as String) }, openDeprecations: open)
            }
        }
    }

    public func integration(id: String, as context: ActorContext) throws(OpsError) -> IntegrationStatus {
        guard let found = try integrations(as: context).first(where: { $0.integration.id == id }) else {
            throw .notFound("No integration \(Printable.excerpt(id)); `pmops integrations list` shows them.")
        }
        return found
    }

    /// Registers an integration in staging; the acting account is its author.
    @discardableResult
    public func addIntegration(_ new: Integration, as context: ActorContext) throws(OpsError) -> Integration {
        var integration = new
        integration.id = try IntegrationValidation.slug(new.id, field: "id")
        integration.name = try IntegrationValidation.text(new.name, field: "--name")
        integration.ownerTeam = try IntegrationValidation.text(new.ownerTeam, field: "--owner")
        integration.apiVersion = try IntegrationValidation.text(new.apiVersion, field: "--api-version")
        if let source = new.source { integration.source = try IntegrationValidation.text(source, field: "--source", max: 100) }
        if let service = new.service { integration.service = try IntegrationValidation.slug(service, field: "--service") }
        let now = clock.now()
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.integrationsManage, actor: actor)
            if try Self.integrationRow(integration.id, db: db) != nil {
                throw OpsError.conflict("Integration '\(integration.id)' exists; `pmops integrations set` changes it.")
            }
            integration.stage = .staging
            integration.author = actor.login
            integration.reviewer = nil
            integration.reviewedAt = nil
            integration.checklist = []
            integration.created = now
            try db.execute(sql: """
                INSERT INTO integration (id, name, kind, owner_team, api_version, stage, source, service, rotation_due, author, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'staging', ?, ?, ?, ?, ?, ?)
                """, arguments: [integration.id, integration.name, integration.kind.rawValue, integration.ownerTeam, integration.apiVersion,
                                 integration.source, integration.service, integration.rotationDue.map(Timestamp.format), actor.login,
                                 Timestamp.format(now), Timestamp.format(now)])
            try audit(AuditChain.Record(action: "integration.add", target: "integration:\(integration.id)",
                                        after: Self.auditValue(integration)), context, db: db)
            return integration
        }
    }

    @discardableResult
    public func updateIntegration(_ id: String, _ changes: IntegrationChanges, as context: ActorContext) throws(OpsError) -> Integration {
        let name = try changes.name.map { text throws(OpsError) in try IntegrationValidation.text(text, field: "--name") }
        let owner = try changes.ownerTeam.map { text throws(OpsError) in try IntegrationValidation.text(text, field: "--owner") }
        let version = try changes.apiVersion.map { text throws(OpsError) in try IntegrationValidation.text(text, field: "--api-version") }
        let source = try changes.source.map { text throws(OpsError) in try IntegrationValidation.text(text, field: "--source", max: 100) }
        let service = try changes.service.map { text throws(OpsError) in try IntegrationValidation.slug(text, field: "--service") }
        let now = clock.now()
        return try write { db in
            try AccessPolicy.require(.integrationsManage, actor: try resolveActor(context, db: db))
            let old = try Self.requireIntegration(id, db: db)
            var new = old
            if let name { new.name = name }
            if let owner { new.ownerTeam = owner }
            if let version { new.apiVersion = version }
            if let source { new.source = source }
            if let service { new.service = service }
            if let due = changes.rotationDue { new.rotationDue = due }
            guard new != old else { return old }
            try db.execute(sql: """
                UPDATE integration SET name = ?, owner_team = ?, api_version = ?, source = ?, service = ?, rotation_due = ?, updated_at = ?
                WHERE id = ?
                """, arguments: [new.name, new.ownerTeam, new.apiVersion, new.source, new.service, new.rotationDue.map(Timestamp.format),
                                 Timestamp.format(now), id])
            try audit(AuditChain.Record(action: "integration.update", target: "integration:\(id)", before: Self.auditValue(old),
                                        after: Self.auditValue(new)), context, db: db)
            return new
        }
    }

    /// Staging → security review; security review → production once a review approved it.
    @discardableResult
    public func advanceIntegration(_ id: String, as context: ActorContext) throws(OpsError) -> Integration {
        let now = clock.now()
        return try write { db in
            try AccessPolicy.require(.integrationsManage, actor: try resolveActor(context, db: db))
            var integration = try Self.requireIntegration(id, db: db)
            let from = integration.stage
            integration.stage = try IntegrationStages.next(from: from, reviewed: integration.reviewer != nil && integration.reviewedAt != nil)
            try db.execute(sql: "UPDATE integration SET stage = ?, updated_at = ? WHERE id = ?",
                           arguments: [integration.stage.rawValue, Timestamp.format(now), id])
            try audit(AuditChain.Record(action: "integration.advance", target: "integration:\(id)", before: .object(["stage": .string(from.rawValue)]),
                                        after: .object(["stage": .string(integration.stage.rawValue)])), context, db: db)
            return integration
        }
    }

    /// The security review: approve (records reviewer, time and checklist) or reject
    /// (back to staging, reviewer cleared). Never the author's own.
    @discardableResult
    public func reviewIntegration(_ id: String, approve: Bool, checklist: [String], note: String?,
                                  as context: ActorContext) throws(OpsError) -> Integration {
        let items = try checklist.map { text throws(OpsError) in try IntegrationValidation.text(text, field: "--check") }
        let reason = try note.map { text throws(OpsError) in try SuccessValidation.note(text) }
        let now = clock.now()
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.integrationsReview, actor: actor)
            var integration = try Self.requireIntegration(id, db: db)
            try IntegrationStages.checkReview(stage: integration.stage, author: integration.author, reviewer: actor.login, checklist: items,
                                              approve: approve)
            if approve {
                integration.reviewer = actor.login
                integration.reviewedAt = now
                integration.checklist = items
            } else {
                integration.stage = .staging
                integration.reviewer = nil
                integration.reviewedAt = nil
            }
            let checklistJSON = String(decoding: (try? JSONEncoder().encode(items)) ?? Data("[]".utf8), as: UTF8.self)
            try db.execute(sql: "UPDATE integration SET stage = ?, reviewer = ?, reviewed_at = ?, checklist = ?, updated_at = ? WHERE id = ?",
                           arguments: [integration.stage.rawValue, integration.reviewer, integration.reviewedAt.map(Timestamp.format),
                                       checklistJSON, Timestamp.format(now), id])
            try audit(AuditChain.Record(action: approve ? "integration.review.approve" : "integration.review.reject",
                                        target: "integration:\(id)", after: .object(["checklist": .array(items.map(JSONValue.string))]),
                                        reason: reason), context, db: db)
            return integration
        }
    }

    // MARK: - Inside transactions

    static func integrationRows(db: Database) throws -> [Integration] {
        try Row.fetchAll(db, sql: "SELECT * FROM integration ORDER BY id").map(integration(row:))
    }

    static func integrationRow(_ id: String, db: Database) throws -> Integration? {
        try Row.fetchOne(db, sql: "SELECT * FROM integration WHERE id = ?", arguments: [id]).map(integration(row:))
    }

    static func requireIntegration(_ id: String, db: Database) throws -> Integration {
        guard let found = try integrationRow(id, db: db) else {
            throw OpsError.notFound("No integration \(Printable.excerpt(id)); `pmops integrations list` shows them.")
        }
        return found
    }

    static func integration(row: Row) -> Integration {
        let checklist = (row["checklist"] as String?).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        return Integration(id: row["id"], name: row["name"], kind: Integration.Kind(rawValue: row["kind"]) ?? .other,
                           ownerTeam: row["owner_team"], apiVersion: row["api_version"],
                           stage: Integration.Stage(rawValue: row["stage"]) ?? .staging, source: row["source"], service: row["service"],
                           rotationDue: (row["rotation_due"] as String?).flatMap(Timestamp.parse), author: row["author"],
                           reviewer: row["reviewer"], reviewedAt: (row["reviewed_at"] as String?).flatMap(Timestamp.parse),
                           checklist: checklist, created: Timestamp.parse(row["created_at"] as String) ?? .distantPast)
    }

    static func auditValue(_ i: Integration) -> JSONValue {
        .object(["name": .string(i.name), "kind": .string(i.kind.rawValue), "owner_team": .string(i.ownerTeam),
                 "api_version": .string(i.apiVersion), "stage": .string(i.stage.rawValue), "source": i.source.map(JSONValue.string) ?? .null,
                 "service": i.service.map(JSONValue.string) ?? .null,
                 "rotation_due": i.rotationDue.map { .string(Timestamp.format($0)) } ?? .null])
    }
}
