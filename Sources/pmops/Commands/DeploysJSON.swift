import Foundation
import OpsCore
import OpsStore

struct DeploymentJSON: Encodable {
    struct ComponentJSON: Encodable {
        var name, status, updatedAt: String
        enum CodingKeys: String, CodingKey { case name, status, updatedAt = "updated_at" }
    }
    var id, service, version, by, status, startedAt, recordedBy: String
    var link, finishedAt, commitAt, gateUntil, failedAt, restoredAt, note: String?
    var components: [ComponentJSON]
    var incidents: [String]
    enum CodingKeys: String, CodingKey {
        case id, service, version, by, status, link, note, components, incidents
        case startedAt = "started_at", recordedBy = "recorded_by", finishedAt = "finished_at", commitAt = "commit_at"
        case gateUntil = "gate_until", failedAt = "failed_at", restoredAt = "restored_at"
    }
    init(_ d: Deployment, incidents links: [DeploymentIncidentLink]? = nil) {
        id = d.number.description; service = d.service; version = d.version; by = d.by; status = d.status.rawValue
        startedAt = Timestamp.format(d.startedAt); recordedBy = d.recordedBy; link = d.link; note = d.note
        finishedAt = d.finishedAt.map(Timestamp.format); commitAt = d.commitAt.map(Timestamp.format); gateUntil = d.gateUntil.map(Timestamp.format)
        failedAt = d.failedAt.map(Timestamp.format); restoredAt = d.restoredAt.map(Timestamp.format)
        components = d.components.map { ComponentJSON(name: $0.name, status: $0.status.rawValue, updatedAt: Timestamp.format($0.updatedAt)) }
        incidents = links.map { $0.map(\.label) } ?? d.incidents.map(\.description)
    }
}

struct DeployStatsJSON: Encodable {
    var service: String
    var deployments, finished, healthy, rolledBack, failures: Int
    var successRate, rollbackRate, changeFailureRate, timeToRestoreSeconds, leadTimeSeconds: Double?
    enum CodingKeys: String, CodingKey {
        case service, deployments, finished, healthy, failures
        case rolledBack = "rolled_back", successRate = "success_rate", rollbackRate = "rollback_rate"
        case changeFailureRate = "change_failure_rate", timeToRestoreSeconds = "time_to_restore_seconds", leadTimeSeconds = "lead_time_seconds"
    }
    init(_ s: DeployStats) {
        service = s.service; deployments = s.deployments; finished = s.finished; healthy = s.healthy; rolledBack = s.rolledBack
        failures = s.failures; successRate = s.successRate; rollbackRate = s.rollbackRate; changeFailureRate = s.changeFailureRate
        timeToRestoreSeconds = s.timeToRestore; leadTimeSeconds = s.leadTime
    }
}
