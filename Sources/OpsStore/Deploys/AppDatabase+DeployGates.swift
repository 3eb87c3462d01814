import Foundation
internal import GRDB
import OpsCore

/// The collector's side of a deployment: open the health gate, pass it, fail it (degraded,
/// an alert recommending rollback to the previous healthy version), and record what an
/// automatic rollback did. Written as the collector (`alertActor`), each in one transaction
/// with its audit row, its change event and its alert.
extension AppDatabase {
    public static let deployGateRule = "DeployGateFailed"
    public static let deployRollbackRule = "DeployRollbackFailed"
    public static let deploySource = "deploys"

    public static func deployGateFingerprint(_ number: DeploymentNumber) -> String { "deploy-gate:\(number)" }
    public static func deployRollbackFingerprint(_ number: DeploymentNumber) -> String { "deploy-rollback:\(number)" }

    /// Deployments in their gate window (a read of the partial index; nothing when idle).
    public func gatingDeployments() throws(OpsError) -> [Deployment] {
        try read { db in
            try Int.fetchAll(db, sql: "SELECT number FROM deployment INDEXED BY deployment_gating WHERE status = 'gating' ORDER BY number")
                .map { try Self.requireDeployment(DeploymentNumber($0), db: db) }
        }
    }

    /// The version a rollback of `number` goes back to.
    public func previousHealthyVersion(of number: DeploymentNumber) throws(OpsError) -> String? {
        try read { db in
            let d = try Self.requireDeployment(number, db: db)
            return try Self.previousHealthyVersion(service: d.service, before: number, db: db)
        }
    }

    /// Starts the window: `gate_until` from the service's configured window.
    public func openDeployGate(_ number: DeploymentNumber, until: Date, note: String, at now: Date) throws(OpsError) {
        try gateStep(number, action: "deploy.gate.open", at: now) { d, _ throws(OpsError) in
            guard d.status == .gating, d.gateUntil == nil else { return nil }
            var next = d
            next.gateUntil = until
            next.note = note
            return next
        }
    }

    /// The window ended with the gate passing (or no gate was configured): healthy.
    public func passDeployGate(_ number: DeploymentNumber, note: String, at now: Date) throws(OpsError) {
        try gateStep(number, action: "deploy.gate.pass", at: now) { d, _ throws(OpsError) in
            guard d.status == .gating else { return nil }
            var next = try DeployRules.gate(d, failing: false, at: now)
            next.note = note
            return next
        }
    }

    /// The gate failed: degraded, a `deploy failed` change event and a critical alert that
    /// names the previous healthy version and the rollback command. Returns the deployment
    /// and that version, or nil when it was no longer gating.
    @discardableResult
    public func failDeployGate(_ number: DeploymentNumber, reason: String, at now: Date) throws(OpsError) -> (Deployment, String?)? {
        var previous: String?
        let result = try gateStep(number, action: "deploy.gate.fail", at: now, change: (.deploy, .failed)) { d, db throws(OpsError) in
            guard d.status == .gating else { return nil }
            var next = try DeployRules.gate(d, failing: true, at: now)
            previous = try Self.mapped { try Self.previousHealthyVersion(service: d.service, before: number, db: db) }
            next.note = "health gate failed: \(reason)"
            let advice = previous.map { "roll back to \($0): pmops deploys rollback \(number)" } ?? "no earlier healthy version of \(d.service) is recorded; roll back by hand"
            try Self.mapped {
                try Self.deployAlert(next, rule: Self.deployGateRule, fingerprint: Self.deployGateFingerprint(number), firing: true,
                                     summary: "\(number) \(d.service) \(d.version) failed its health gate (\(reason)); \(advice)",
                                     previous: previous, at: now, db: db)
            }
            return next
        }
        return result.map { ($0, previous) }
    }

    /// Records an automatic rollback's outcome: on success the deployment is rolled back and
    /// its alerts resolve; on failure (or no command) a second alert says so. Never silent.
    public func recordGateRollback(_ number: DeploymentNumber, run: RollbackRun, at now: Date) throws(OpsError) {
        try gateStep(number, action: run.succeeded ? "deploy.rollback.auto" : "deploy.rollback.auto-failed", at: now,
                     change: (.rollback, run.succeeded ? .succeeded : .failed),
                     detail: ["arguments": .array(run.arguments.map(JSONValue.string)), "exit": run.exitStatus.map { .int(Int64($0)) } ?? .null,
                              "output": .string(run.output), "problem": run.problem.map(JSONValue.string) ?? .null]) { d, db throws(OpsError) in
            if run.succeeded {
                var next = try DeployRules.rollback(d, component: nil, at: now)
                next.note = run.summary
                try Self.mapped { try Self.resolveDeployAlerts(next, at: now, db: db) }
                return next
            }
            var next = d
            next.note = run.summary
            try Self.mapped {
                try Self.deployAlert(d, rule: Self.deployRollbackRule, fingerprint: Self.deployRollbackFingerprint(number), firing: true,
                                     summary: "Automatic rollback of \(number) \(d.service) \(d.version) failed: \(run.problem ?? "unknown"); roll back by hand",
                                     previous: nil, at: now, db: db)
            }
            return next
        }
    }

    // MARK: - Inside transactions

    @discardableResult
    private func gateStep(_ number: DeploymentNumber, action: String, at now: Date, change: (ChangeEvent.Kind, ChangeEvent.Status)? = nil,
                          detail: [String: JSONValue] = [:],
                          _ body: @escaping (Deployment, Database) throws(OpsError) -> Deployment?) throws(OpsError) -> Deployment? {
        try write { db in
            let before = try Self.requireDeployment(number, db: db)
            guard let after = try body(before, db) else { return nil }
            try Self.saveDeployment(after, db: db)
            if let change {
                try Self.deployChange(after, kind: change.0, status: change.1, by: Self.alertActor, at: now, recordedBy: Self.alertActor, now: now, db: db)
            }
            var record = Self.json(after)
            if case var .object(fields) = record, !detail.isEmpty {
                fields.merge(detail) { a, _ in a }
                fields["note"] = after.note.map(JSONValue.string) ?? .null
                record = .object(fields)
            }
            try AuditChain.append(AuditChain.Record(action: action, target: number.description, before: Self.json(before), after: record),
                                  actor: Self.alertActor, impersonator: nil, at: now, db: db)
            return after
        }
    }

    /// Runs `body`, turning a database error into an `OpsError` for a typed-throws closure.
    static func mapped<T>(_ body: () throws -> T) throws(OpsError) -> T {
        do { return try body() } catch let error as OpsError { throw error } catch { throw OpsError.store("\(error)") }
    }

    static func deployAlert(_ d: Deployment, rule: String, fingerprint: String, firing: Bool, summary: String, previous: String?,
                            at now: Date, db: Database) throws {
        var env = try AlertSignals.Environment.load(db: db, actor: alertActor, at: now)
        let labels = [AlertSignal.nameLabel: rule, "service": d.service, "deployment": d.number.description, "version": d.version]
        var annotations = ["recommendation": previous.map { "roll back to \($0)" } ?? "roll back by hand"]
        if let previous { annotations["previous_version"] = previous }
        let input = AlertSignals.Input(fingerprint: fingerprint, rule: rule, source: deploySource, labels: labels, annotations: annotations,
                                       severity: .critical, status: firing ? .firing : .resolved, summary: summary, runbookURL: d.link,
                                       value: nil, at: now, startsAt: now, team: nil)
        _ = try AlertSignals.apply(input, env: &env, db: db)
    }

    /// A deployment rolled back: its gate and rollback alerts resolve (when open).
    static func resolveDeployAlerts(_ d: Deployment, at now: Date, db: Database) throws {
        for (rule, fingerprint) in [(deployGateRule, deployGateFingerprint(d.number)), (deployRollbackRule, deployRollbackFingerprint(d.number))]
            where try openAlert(fingerprint: fingerprint, db: db) != nil {
            try deployAlert(d, rule: rule, fingerprint: fingerprint, firing: false, summary: "\(d.number) \(d.service) rolled back", previous: nil,
                            at: now, db: db)
        }
    }
}
