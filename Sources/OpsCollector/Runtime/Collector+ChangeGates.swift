import Foundation
import OpsCore
import OpsStore

/// The evaluators of the flag and configuration watches now open, one per watch and stanza,
/// confined to the collector queue.
final class ChangeGateWatch: @unchecked Sendable {
    var evaluators: [String: RuleAlerting] = [:]
    var configProblem: String?
}

extension Collector {
    /// The tick's flag-step and change-set gates, judged like a deployment's: the stanzas of
    /// the deploy config whose `flag` or `config` lines name the change, their rules over
    /// this tick's samples and their probes. None naming it: it passes at once. A failure
    /// holds the flag's rollout, or rolls the change set back (in the store). An idle tick
    /// costs one read of a partial index.
    func sweepChangeGates(samples: [MetricSample], at: Date, report: inout CollectorTickReport) {
        guard options.deployGates else { return }
        let open: [ChangeGate]
        do {
            open = try store.openChangeGates()
        } catch {
            return events(.alertWriteFailed("change gates: \(error.description)"))
        }
        guard !open.isEmpty else {
            changeWatch.evaluators = [:]
            return
        }
        let config: DeployConfig
        do {
            config = try options.deployConfig?.load() ?? DeployConfig()
            changeWatch.configProblem = nil
        } catch {
            if changeWatch.configProblem != error.description { events(.deployGate(error.description)) }
            changeWatch.configProblem = error.description
            return
        }
        let file = options.deployConfig?.path ?? "deploy config"
        for watch in open {
            do {
                if let line = try judgeChange(watch, config: config, file: file, samples: samples, at: at) {
                    report.deployGates.append(line)
                    events(.deployGate(line))
                }
            } catch {
                events(.alertWriteFailed("health gate of \(watch.title): \(error.description)"))
            }
        }
        let live = Set(open.map { "\($0.id):" })
        changeWatch.evaluators = changeWatch.evaluators.filter { entry in live.contains { entry.key.hasPrefix($0) } }
    }

    /// One watch this tick; a line when something happened.
    private func judgeChange(_ watch: ChangeGate, config: DeployConfig, file: String, samples: [MetricSample], at: Date) throws(OpsError) -> String? {
        let gates: [DeployConfig.Gate]
        var verify = true
        switch watch.subject {
        case let .flag(key, _): gates = config.gates(forFlag: key); verify = false
        case .config: gates = config.gates(forConfigKeys: try store.changeGateKeys(watch))
        }
        guard !gates.isEmpty else {
            try store.passChangeGate(watch.id, note: "no health gate names it", verify: false, at: at)
            return "\(watch.title): no health gate configured"
        }
        var until = watch.until
        if watch.status == .pending || until == nil {
            let end = watch.openedAt.addingTimeInterval(gates.map(\.window).max() ?? DeployConfig.defaultWindow)
            try store.watchChangeGate(watch.id, gates: gates.map(\.service), until: end, at: at)
            until = end
        }
        var failures: [String] = []
        for gate in gates {
            let key = "\(watch.id):\(gate.service)"
            failures += gateFailures(gate, file: file, evaluator: &changeWatch.evaluators[key], samples: samples, at: at).failures
                .map { "\(gate.service): \($0)" }
        }
        if !failures.isEmpty {
            changeWatch.evaluators = changeWatch.evaluators.filter { !$0.key.hasPrefix("\(watch.id):") }
            return try store.failChangeGate(watch.id, reason: failures.joined(separator: "; "), at: at)
        }
        if let until, at >= until {
            let names = gates.map(\.service).joined(separator: ", ")
            try store.passChangeGate(watch.id, note: "passed \(names) over \(InputLimits.describe(until.timeIntervalSince(watch.openedAt)))",
                                     verify: verify, at: at)
            changeWatch.evaluators = changeWatch.evaluators.filter { !$0.key.hasPrefix("\(watch.id):") }
            return "\(watch.title): health gate passed"
        }
        return nil
    }
}
