import Foundation
internal import GRDB
import OpsCore

/// A linked incident as the reader may see it: a restricted one they may not see is
/// named only by its number.
public struct DeploymentIncidentLink: Sendable, Equatable {
    public var number: IncidentNumber
    public var title: String?
    public var label: String { title.map { "\(number) \($0)" } ?? IncidentAccess.restrictedLabel(number) }
}

/// Deployment reads: list, detail, DORA stats, and the console's banner.
extension AppDatabase {
    public func deployments(service: String? = nil, since: Date, limit: Int = 200, as context: ActorContext) throws(OpsError) -> [Deployment] {
        let service = try service.map { (text) throws(OpsError) in try IncidentValidation.name(text, field: "service") }
        return try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            return try Self.loadDeployments(service: service, since: since, limit: max(1, limit), db: db)
        }
    }

    public func deployment(_ number: DeploymentNumber, as context: ActorContext) throws(OpsError) -> (Deployment, [DeploymentIncidentLink]) {
        try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.changesRead, actor: actor)
            let deployment = try Self.requireDeployment(number, db: db)
            let links = try deployment.incidents.map { number in
                let incident = try Self.requireIncident(number, db: db)
                let visible = (try? Self.checkVisible(incident, actor: actor, db: db)) != nil
                return DeploymentIncidentLink(number: number, title: visible ? incident.title : nil)
            }
            return (deployment, links)
        }
    }

    public func deployStats(service: String? = nil, since: Date, as context: ActorContext) throws(OpsError) -> [DeployStats] {
        DeployStats.compute(try deployments(service: service, since: since, limit: 1_000_000, as: context))
    }

    /// The deployments the Health banner shows: gating ones, and those degraded or failed
    /// that started in the last `recent` seconds and were not rolled back, newest first.
    public func deploymentBanners(now: Date, recent: TimeInterval = 3_600, as context: ActorContext) throws(OpsError) -> [Deployment] {
        try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            let numbers = try Int.fetchAll(db, sql: """
                SELECT number FROM deployment WHERE status = 'gating'
                UNION SELECT number FROM deployment WHERE status IN ('degraded','failed') AND started_at >= ?
                ORDER BY 1 DESC LIMIT 5
                """, arguments: [Timestamp.format(now.addingTimeInterval(-recent))])
            return try numbers.map { try Self.requireDeployment(DeploymentNumber($0), db: db) }
        }
    }

    // MARK: - Inside transactions

    static func loadDeployments(service: String?, since: Date, limit: Int, db: Database) throws -> [Deployment] {
        let rows: [Row]
        if let service {
            rows = try Row.fetchAll(db, sql: """
                SELECT * FROM deployment INDEXED BY deployment_service_started WHERE service = ? AND started_at >= ? ORDER BY started_at DESC, number DESC LIMIT ?
                """, arguments: [service, Timestamp.format(since), limit])
        } else {
            rows = try Row.fetchAll(db, sql: "SELECT * FROM deployment WHERE started_at >= ? ORDER BY started_at DESC, number DESC LIMIT ?",
                                    arguments: [Timestamp.format(since), limit])
        }
        return try rows.map { try deployment($0, db: db) }
    }

    static func requireDeployment(_ number: DeploymentNumber, db: Database) throws -> Deployment {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM deployment WHERE number = ?", arguments: [number.rawValue]) else {
            throw OpsError.notFound("No deployment \(number); 'pmops deploys list' shows recent ones.")
        }
        return try deployment(row, db: db)
    }

    static func deployment(_ row: Row, db: Database) throws -> Deployment {
        let number = DeploymentNumber(row["number"] as Int)
        guard let status = DeploymentStatus(rawValue: row["status"]), let started = Timestamp.parseStored(row["started_at"]) else {
            throw OpsError.store("\(number) is unreadable; the store may have been edited by hand.")
        }
        func date(_ column: String) -> Date? { (row[column] as String?).flatMap(Timestamp.parseStored) }
        let components = try Row.fetchAll(db, sql: "SELECT name, status, updated_at FROM deployment_component WHERE deployment = ? ORDER BY position",
                                          arguments: [number.rawValue]).map { c in
            Deployment.Component(name: c["name"], status: ComponentStatus(rawValue: c["status"]) ?? .pending,
                                 updatedAt: Timestamp.parseStored(c["updated_at"]) ?? started)
        }
        let incidents = try Int.fetchAll(db, sql: "SELECT incident FROM deployment_incident WHERE deployment = ? ORDER BY incident",
                                         arguments: [number.rawValue]).map(IncidentNumber.init(rawValue:))
        return Deployment(number: number, service: row["service"], version: row["version"], link: row["link"], by: row["by"], status: status,
                          startedAt: started, finishedAt: date("finished_at"), commitAt: date("commit_at"), gateUntil: date("gate_until"),
                          failedAt: date("failed_at"), restoredAt: date("restored_at"), note: row["note"], recordedBy: row["recorded_by"],
                          components: components, incidents: incidents)
    }

    /// The version of the last healthy deployment of `service` before `number`: what a
    /// rollback goes back to.
    static func previousHealthyVersion(service: String, before number: DeploymentNumber, db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT version FROM deployment WHERE service = ? AND number < ? AND status = 'healthy' ORDER BY number DESC LIMIT 1",
                            arguments: [service, number.rawValue])
    }
}
