import Foundation
import OpsCore
import OpsStore

/// The evaluators of the deployments now in their gate window, confined to the collector
/// queue. Each keeps the newest samples its rules watch, tick after tick, so `rate()` sees
/// its range.
final class DeployGateWatch: @unchecked Sendable {
    var evaluators: [DeploymentNumber: RuleAlerting] = [:]
    /// The last problem reading the config file, logged once until it changes.
    var configProblem: String?
}

extension Collector {
    /// The tick's deployment gates: open a gate's window, fail it on a rule or probe,
    /// run the automatic rollback, or pass it at the window's end. An idle tick costs one
    /// read of a partial index. The config file is read on ticks with a deployment gating,
    /// so an operator's edit applies on the next tick.
    func sweepDeployGates(samples: [MetricSample], at: Date, report: inout CollectorTickReport) {
        guard options.deployGates else { return }
        let gating: [Deployment]
        do {
            gating = try store.gatingDeployments()
        } catch {
            return events(.alertWriteFailed("deploy gates: \(error.description)"))
        }
        guard !gating.isEmpty else {
            deployWatch.evaluators = [:]
            return
        }
        let config: DeployConfig
        do {
            config = try options.deployConfig?.load() ?? DeployConfig()
            deployWatch.configProblem = nil
        } catch {
            // A refused or broken file judges nothing: the gates wait, loudly, for a fix.
            if deployWatch.configProblem != error.description { events(.deployGate(error.description)) }
            deployWatch.configProblem = error.description
            return
        }
        let file = options.deployConfig?.path ?? "deploy config"
        for deployment in gating {
            do {
                if let line = try judge(deployment, gate: config[deployment.service], file: file, samples: samples, at: at) {
                    report.deployGates.append(line)
                    events(.deployGate(line))
                }
            } catch {
                events(.alertWriteFailed("deploy gate of \(deployment.number): \(error.description)"))
            }
        }
        let live = Set(gating.map(\.number))
        deployWatch.evaluators = deployWatch.evaluators.filter { live.contains($0.key) }
    }

    /// One deployment's gate this tick; a line when something happened.
    private func judge(_ d: Deployment, gate: DeployConfig.Gate?, file: String, samples: [MetricSample], at: Date) throws(OpsError) -> String? {
        guard let gate else {
            try store.passDeployGate(d.number, note: "no health gate configured for \(d.service)", at: at)
            return "\(d.number) \(d.service) healthy (no gate configured)"
        }
        var until = d.gateUntil
        if until == nil {
            let end = (d.finishedAt ?? at).addingTimeInterval(gate.window)
            try store.openDeployGate(d.number, until: end, note: "health gate until \(Timestamp.format(end))", at: at)
            until = end
        }
        let verdict = gateFailures(gate, file: file, evaluator: &deployWatch.evaluators[d.number], samples: samples, at: at)
        let failures = verdict.failures, mayRollback = verdict.evaluable
        if !failures.isEmpty {
            guard let (degraded, previous) = try store.failDeployGate(d.number, reason: failures.joined(separator: "; "), at: at) else { return nil }
            deployWatch.evaluators[d.number] = nil
            guard gate.autoRollback, mayRollback else { return "\(d.number) \(d.service) degraded: \(failures.joined(separator: "; "))" }
            let run = rollback(degraded, gate: gate, previous: previous)
            try store.recordGateRollback(d.number, run: run, at: at)
            return "\(d.number) \(d.service) degraded; \(run.summary)"
        }
        if let until, at >= until {
            try store.passDeployGate(d.number, note: "health gate passed: \(gate.rules.count) rules, \(gate.probes.count) probes over \(InputLimits.describe(gate.window))", at: at)
            deployWatch.evaluators[d.number] = nil
            return "\(d.number) \(d.service) healthy"
        }
        return nil
    }

    /// One gate's failures this tick: its rules (through `evaluator`, created on first use
    /// and kept so `rate()` sees its range) and its probes. `evaluable` is false when the
    /// rules do not compile: that fails the gate but must not trigger a rollback.
    func gateFailures(_ gate: DeployConfig.Gate, file: String, evaluator: inout RuleAlerting?, samples: [MetricSample],
                      at: Date) -> (failures: [String], evaluable: Bool) {
        var failures: [String] = []
        var evaluable = true
        let compiled = DeployGateCheck.compile(gate, file: file)
        if compiled.problems.isEmpty {
            let rules = evaluator ?? RuleAlerting(rules: compiled.rules, startedAt: at, history: nil)
            evaluator = rules
            let changes: [AlertChange] = rules.evaluate(samples: samples, now: at)
            for change in changes where change.kind == .firing || change.kind == .stillFiring {
                failures.append(DeployGateCheck.reason(change, gate: gate))
            }
        } else {
            failures = ["the gate cannot be evaluated: " + compiled.problems.joined(separator: "; ")]
            evaluable = false
        }
        let sources = Dictionary(runners.map { ($0.source.name, $0.status.health) }) { a, _ in a }
        for probe in gate.probes {
            switch sources[probe] {
            case nil: failures.append("probe \(probe) is not a source of this collector")
            case .down?: failures.append("probe \(probe) is down")
            default: break
            }
        }
        return (failures, evaluable)
    }

    private func rollback(_ d: Deployment, gate: DeployConfig.Gate, previous: String?) -> RollbackRun {
        guard let arguments = gate.rollbackArguments(service: d.service, version: d.version, previous: previous, deployment: d.number) else {
            return RollbackRun(arguments: [], exitStatus: nil, output: "", problem: "no rollback command is configured for \(d.service)")
        }
        if previous == nil, gate.rollback?.contains(where: { $0.contains("{previous}") }) == true {
            return RollbackRun(arguments: arguments, exitStatus: nil, output: "",
                               problem: "no earlier healthy version of \(d.service) is recorded to roll back to")
        }
        return RollbackCommandRunner.run(arguments, timeout: gate.timeout)
    }
}
