import Foundation
internal import GRDB
import OpsCore

/// What a pipeline reports at `deploys start`.
public struct NewDeployment: Sendable, Equatable {
    public var service: String
    public var version: String
    public var components: [String]
    public var link: String?
    public var by: String?
    public var at: Date?
    public var commitAt: Date?

    public init(service: String, version: String, components: [String] = [], link: String? = nil, by: String? = nil,
                at: Date? = nil, commitAt: Date? = nil) {
        self.service = service
        self.version = version
        self.components = components
        self.link = link
        self.by = by
        self.at = at
        self.commitAt = commitAt
    }
}

/// Deployments as pipelines report them: start, component, finish, rollback. Each step is
/// one transaction holding the deployment's rows, its audit row and a `change_event`, so
/// the Changes timeline and "what changed before this incident" see every step.
extension AppDatabase {
    public func startDeployment(_ new: NewDeployment, as context: ActorContext) throws(OpsError) -> Deployment {
        let service = try IncidentValidation.name(new.service, field: "service")
        let version = try IncidentValidation.version(new.version)
        let link = try new.link.map { (text) throws(OpsError) in try IncidentValidation.link(text) }
        let by = try new.by.map { (text) throws(OpsError) in try IncidentValidation.actor(text) }
        let components = try DeployRules.componentNames(new.components.joined(separator: ","))
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.deploysRecord, actor: actor)
            let now = clock.now()
            let at = new.at ?? now
            if at > now.addingTimeInterval(Self.changeFutureSlack) {
                throw OpsError.invalid(field: "at", message: "\(Timestamp.format(at)) is more than an hour ahead; a deployment is reported when it starts.")
            }
            if let commit = new.commitAt, commit > at {
                throw OpsError.invalid(field: "commit-at", message: "the commit time \(Timestamp.format(commit)) is after the deployment started (\(Timestamp.format(at))).")
            }
            let number = (try Int.fetchOne(db, sql: "SELECT max(number) FROM deployment") ?? 0) + 1
            let deployment = Deployment(number: DeploymentNumber(number), service: service, version: version, link: link, by: by ?? actor.login,
                                        status: .inProgress, startedAt: at, commitAt: new.commitAt, recordedBy: actor.login,
                                        components: components.map { Deployment.Component(name: $0, status: .pending, updatedAt: at) })
            try db.execute(sql: """
                INSERT INTO deployment (number, service, version, link, by, status, started_at, commit_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [number, service, version, link, deployment.by, deployment.status.rawValue, Timestamp.format(at),
                                 new.commitAt.map(Timestamp.format), actor.login])
            try Self.saveComponents(deployment, db: db)
            try Self.deployChange(deployment, kind: .deploy, status: .started, by: deployment.by, at: at, recordedBy: actor.login, now: now, db: db)
            try audit(AuditChain.Record(action: "deploy.start", target: deployment.number.description, after: Self.json(deployment)), context, db: db)
            return deployment
        }
    }

    public func reportComponent(_ number: DeploymentNumber, component: String, status: ComponentStatus, as context: ActorContext) throws(OpsError) -> Deployment {
        let name = try DeployRules.componentName(component)
        return try step(number, action: "deploy.component", as: context) { deployment, now throws(OpsError) in
            let next = try DeployRules.component(deployment, name: name, to: status, at: now)
            return (next, (.deploy, status.changeStatus), "\(name) \(status)")
        }
    }

    public func finishDeployment(_ number: DeploymentNumber, succeeded: Bool, as context: ActorContext) throws(OpsError) -> Deployment {
        try step(number, action: "deploy.finish", as: context) { deployment, now throws(OpsError) in
            var next = try DeployRules.finish(deployment, succeeded: succeeded, at: now)
            if next.status == .failed, succeeded {
                next.note = "partial: \(next.failedComponents.joined(separator: ", ")) failed"
            }
            return (next, (.deploy, next.status == .gating ? .succeeded : .failed), nil)
        }
    }

    /// A rollback a pipeline or a person reports. `succeeded: false` records the attempt
    /// (change event and audit row) and leaves the deployment as it was.
    public func rollbackDeployment(_ number: DeploymentNumber, component: String?, succeeded: Bool = true, reason: String? = nil,
                                   as context: ActorContext) throws(OpsError) -> Deployment {
        let component = try component.map { (text) throws(OpsError) in try DeployRules.componentName(text) }
        let reason = try reason.map { (text) throws(OpsError) in try IncidentValidation.reason(text, field: "reason") }
        return try step(number, action: succeeded ? "deploy.rollback" : "deploy.rollback.failed", as: context, reason: reason) { deployment, now throws(OpsError) in
            let rolled = try DeployRules.rollback(deployment, component: component, at: now)
            guard succeeded else {
                var kept = deployment
                kept.note = "rollback\(component.map { " of " + $0 } ?? "") failed\(reason.map { ": " + $0 } ?? "")"
                return (kept, (.rollback, .failed), component)
            }
            return (rolled, (.rollback, .succeeded), component)
        }
    }

    /// Links a deployment to an incident (a security issue found after the deploy). A
    /// restricted incident the actor may not see is refused as if it did not exist.
    public func linkDeploymentIncident(_ number: DeploymentNumber, incident: IncidentNumber, as context: ActorContext) throws(OpsError) -> Deployment {
        try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.deploysRecord, actor: actor)
            let deployment = try Self.requireDeployment(number, db: db)
            let linked = try Self.requireIncident(incident, db: db)
            try Self.checkVisible(linked, actor: actor, db: db)
            if deployment.incidents.contains(incident) { throw OpsError.conflict("\(number) is already linked to \(incident).") }
            try db.execute(sql: "INSERT INTO deployment_incident (deployment, incident, linked_by, linked_at) VALUES (?, ?, ?, ?)",
                           arguments: [number.rawValue, incident.rawValue, actor.login, Timestamp.format(clock.now())])
            try Self.appendIncidentEntry(incident, .change, author: actor.login,
                                         body: "Linked to deployment \(number) (\(deployment.service) \(deployment.version)).", at: clock.now(), db: db)
            try audit(AuditChain.Record(action: "deploy.link-incident", target: number.description,
                                        after: .object(["incident": .string(incident.description)])), context, db: db)
            return try Self.requireDeployment(number, db: db)
        }
    }

    /// One pipeline step: load, apply the rule, save, change event, audit, in one transaction.
    private func step(_ number: DeploymentNumber, action: String, as context: ActorContext, reason: String? = nil,
                      _ change: @escaping (Deployment, Date) throws(OpsError) -> (Deployment, (ChangeEvent.Kind, ChangeEvent.Status), String?)) throws(OpsError) -> Deployment {
        try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.deploysRecord, actor: actor)
            let before = try Self.requireDeployment(number, db: db)
            let now = clock.now()
            let (after, event, detail) = try change(before, now)
            try Self.saveDeployment(after, db: db)
            if after.status == .rolledBack, before.status != .rolledBack { try Self.resolveDeployAlerts(after, at: now, db: db) }
            let version = detail.map { "\(after.version) (\($0))" } ?? after.version
            try Self.deployChange(after, kind: event.0, status: event.1, version: String(version.prefix(100)), by: actor.login, at: now,
                                  recordedBy: actor.login, now: now, db: db)
            try audit(AuditChain.Record(action: action, target: number.description, before: Self.json(before), after: Self.json(after), reason: reason),
                      context, db: db)
            return after
        }
    }

    // MARK: - Inside transactions

    static func saveDeployment(_ d: Deployment, db: Database) throws {
        try db.execute(sql: """
            UPDATE deployment SET status = ?, finished_at = ?, gate_until = ?, failed_at = ?, restored_at = ?, note = ? WHERE number = ?
            """, arguments: [d.status.rawValue, d.finishedAt.map(Timestamp.format), d.gateUntil.map(Timestamp.format), d.failedAt.map(Timestamp.format),
                             d.restoredAt.map(Timestamp.format), d.note.map { String($0.prefix(2_000)) }, d.number.rawValue])
        try saveComponents(d, db: db)
    }

    static func saveComponents(_ d: Deployment, db: Database) throws {
        for (position, c) in d.components.enumerated() {
            try db.execute(sql: """
                INSERT INTO deployment_component (deployment, position, name, status, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (deployment, name) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at
                """, arguments: [d.number.rawValue, position, c.name, c.status.rawValue, Timestamp.format(c.updatedAt)])
        }
    }

    static func deployChange(_ d: Deployment, kind: ChangeEvent.Kind, status: ChangeEvent.Status, version: String? = nil, by: String, at: Date,
                             recordedBy: String, now: Date, db: Database) throws {
        try db.execute(sql: """
            INSERT INTO change_event (kind, service, version, status, by, at, link, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [kind.rawValue, d.service, version ?? d.version, status.rawValue, String(by.prefix(100)), Timestamp.format(at), d.link,
                             recordedBy, Timestamp.format(now)])
    }

    static func json(_ d: Deployment) -> JSONValue {
        .object(["status": .string(d.status.rawValue), "service": .string(d.service), "version": .string(d.version),
                 "components": .object(Dictionary(uniqueKeysWithValues: d.components.map { ($0.name, JSONValue.string($0.status.rawValue)) }))])
    }
}
