import Foundation
import OpsCore
import OpsStore
import TermUI

/// Reading a change's detail and the actions: a prompt opens, Enter makes the store call
/// the CLI makes (`reviewConfigChange`, `applyConfigChange`, `verifyConfigChange`,
/// `rollbackConfigChange`, `updateFlag` with `FlagRolloutChange`), one transaction with
/// its audit row; a refusal stays in the prompt with the core's sentence.
extension ChangesPane {
    func open(_ row: ChangeRow) {
        let (store, actor) = (env.store, env.actor)
        var d = ChangeDetail(row: row)
        let setID: Int64? = switch row {
        case let .openSet(set): set.id
        case let .event(event): ChangeReference.changeSet(of: event)
        }
        if let setID, let set = env.attempt({ () throws(OpsError) in try store.configChangeSet(setID, as: actor) }) {
            d.changeSet = set
            d.history = (try? store.configHistory(setID, as: actor)) ?? []
            d.before = before(set, history: d.history)
            d.gates = (try? store.configGates(setID, as: actor)) ?? []
        }
        if case let .event(event) = row {
            if event.kind == .flag, let flag = try? store.flag(event.service, as: actor) {
                d.flag = flag
                d.flagHistory = (try? store.flagHistory(event.service, as: actor)) ?? []
                d.gates = (try? store.flagGates(event.service, limit: 5, as: actor)) ?? []
            }
            do { d.alerts = try store.alertsAfter(event, as: actor) } catch { d.alertsRefused = error.description }
        }
        reading = d
    }

    /// The value each item replaced where the set was applied, else the value it replaces now.
    func before(_ set: ConfigChangeSet, history: [ConfigHistoryEntry]) -> [String: String] {
        var out: [String: String] = [:]
        for environment in ConfigEnvironment.allCases {
            let items = set.items(in: environment)
            guard !items.isEmpty else { continue }
            let applied = history.contains { $0.action == "apply" && $0.environment == environment }
            let now = applied ? [:] : ((try? env.store.configSnapshot(environment, as: env.actor))?.values ?? [:])
            for item in items {
                let previous = applied
                    ? (try? env.store.configKeyVersions(item.key, env: environment, as: env.actor))?.first { $0.changeSet == set.id }?.previous
                    : now[item.key]
                if let previous { out["\(environment)/\(item.key)"] = previous }
            }
        }
        return out
    }

    /// The change set behind the current row, read fresh (its status decides the next step).
    func currentSet() -> ConfigChangeSet? {
        let id: Int64? = switch current {
        case let .openSet(set): set.id
        case let .event(event): ChangeReference.changeSet(of: event)
        case nil: nil
        }
        guard let id else {
            env.status.show("Not a configuration change set: review, next step and rollback act on change sets.", .info)
            return nil
        }
        return env.attempt { () throws(OpsError) in try env.store.configChangeSet(id, as: env.actor) }
    }

    /// The flag behind the current row.
    var currentFlag: String? {
        if case let .event(event) = current, event.kind == .flag { return event.service }
        env.status.show("Not a flag change: rollout steps and the kill switch act on flags.", .info)
        return nil
    }

    /// Opens the prompt of `command` for the current change.
    func begin(_ command: CommandID) {
        switch command {
        case .changeKill:
            guard let key = currentFlag else { return }
            prompt = ChangePrompt(.confirmKill, target: .flag(key))
        case .changeReview:
            guard let set = currentSet() else { return }
            prompt = ChangePrompt(.verdict, target: .changeSet(set.id), text: "approve")
        case .changeRollback:
            guard let set = currentSet() else { return }
            prompt = ChangePrompt(.rollbackReason, target: .changeSet(set.id))
        case .changeAdvance:
            guard let set = currentSet() else { return }
            let target = ChangeTarget.changeSet(set.id)
            switch set.status {
            case .approved: prompt = ChangePrompt(.applyStaging, target: target)
            case .stagingApplied: prompt = ChangePrompt(.verify(.staging), target: target)
            case .stagingVerified: prompt = ChangePrompt(.applyProduction, target: target)
            case .productionApplied: prompt = ChangePrompt(.verify(.production), target: target)
            case .inReview: env.status.show("\(target.name) is in review: a second person approves or rejects it (Z).", .info)
            case .draft: env.status.show("\(target.name) is a draft: its author submits it for review first.", .info)
            case .rejected, .productionVerified, .rolledBack:
                env.status.show("\(target.name) is \(set.status): it has no next step (< drafts its rollback).", .info)
            }
        default: return
        }
    }

    /// `%`: the next rollout step (the shell asked y/n first).
    func advanceRollout() {
        guard let key = currentFlag else { return }
        guard let stored = env.attempt({ () throws(OpsError) in
            try env.store.updateFlag(key, action: "rollout", as: env.actor) { (current) throws(OpsError) -> FeatureFlag in
                try FlagRolloutChange.advance(current.flag, to: nil)
            }
        }) else { return }
        env.status.show("Flag \(key) rolls out \(stored.flag.rollout?.variant ?? "-") to \(stored.flag.rollout?.percent ?? 0) % (version \(stored.version)).", .success)
        _ = refresh(force: true)
    }

    // MARK: - ModalHost

    func closeModal() { prompt = nil }

    func typeInModal(_ key: Key) -> Bool {
        guard var open = prompt else { return false }
        guard open.kind != .applyStaging else { return true }
        _ = open.field.handle(key)
        open.error = nil
        prompt = open
        return true
    }

    func submitModal() {
        guard let open = prompt else { return }
        let text = open.field.text
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if open.isTypedConfirmation, trimmed != open.expected {
            var still = open
            still.error = "type '\(open.expected)' exactly to confirm."
            prompt = still
            return
        }
        let (store, actor) = (env.store, env.actor)
        do throws(OpsError) {
            let message: String
            switch (open.kind, open.target) {
            case let (.verdict, .changeSet(id)):
                switch trimmed.lowercased() {
                case "approve", "a": prompt = ChangePrompt(.reason(approve: true), target: .changeSet(id))
                case "reject", "r": prompt = ChangePrompt(.reason(approve: false), target: .changeSet(id))
                default: throw OpsError.invalid(field: "verdict", message: "type approve or reject.")
                }
                return
            case let (.reason(approve), .changeSet(id)):
                _ = try store.reviewConfigChange(id, approve: approve, reason: trimmed.isEmpty ? nil : text, as: actor)
                message = approve ? "Approved cs-\(id); > applies it to staging." : "Rejected cs-\(id)."
            case let (.applyStaging, .changeSet(id)):
                _ = try store.applyConfigChange(id, to: .staging, as: actor)
                message = "Applied cs-\(id) to staging; > marks it verified once checked."
            case let (.applyProduction, .changeSet(id)):
                _ = try store.applyConfigChange(id, to: .production, as: actor)
                message = "Applied cs-\(id) to production; > marks it verified once checked."
            case let (.verify(environment), .changeSet(id)):
                _ = try store.verifyConfigChange(id, env: environment, note: trimmed.isEmpty ? nil : text, as: actor)
                message = "cs-\(id) verified in \(environment)."
            case let (.rollbackReason, .changeSet(id)):
                guard !trimmed.isEmpty else { throw OpsError.invalid(field: "rationale", message: "a rollback needs a rationale: what went wrong.") }
                prompt = ChangePrompt(.confirmRollback(rationale: text), target: .changeSet(id))
                return
            case let (.confirmRollback(rationale), .changeSet(id)):
                let set = try store.rollbackConfigChange(id, rationale: rationale, as: actor)
                message = "Drafted rollback change set cs-\(set.id) (\(set.status)); it is reviewed and applied like any other."
            case let (.confirmKill, .flag(key)):
                let stored = try store.updateFlag(key, action: "kill", as: actor) { (current) throws(OpsError) -> FeatureFlag in
                    try FlagRolloutChange.kill(current.flag)
                }
                message = "Killed flag \(key): everyone gets \(stored.flag.defaultVariant) (version \(stored.version))."
            default:
                return closeModal()
            }
            prompt = nil
            env.status.show(message, .success)
            _ = refresh(force: true)
        } catch {
            env.status.show(error)
            var still = open
            still.error = error.fieldErrors.first?.message ?? error.description
            prompt = still
        }
    }
}
