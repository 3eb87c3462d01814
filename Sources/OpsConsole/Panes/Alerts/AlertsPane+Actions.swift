import Foundation
import OpsCore
import OpsStore
import TermUI

extension AlertsPane {
    // MARK: - Direct actions

    /// Runs a bulk action on the targets. The store is all-or-nothing: on a refusal its
    /// sentence goes to the status line and the selection is kept, so nothing changed.
    func act(_ verb: String, _ body: ([Int64]) throws(OpsError) -> [AlertRecord]) {
        let ids = targetIDs()
        guard !ids.isEmpty else {
            env.status.show("No alert under the cursor.", .info)
            return
        }
        guard let changed = env.attempt({ () throws(OpsError) in try body(ids) }) else { return }
        done(verb, changed.map(\.id))
    }

    /// After a successful action: say what happened, drop the selection, reload.
    func done(_ verb: String, _ ids: [Int64], suffix: String = "") {
        let what = ids.count == 1 ? "alert \(ids[0])" : "\(ids.count) alerts"
        env.status.show("\(verb) \(what)\(suffix).", .success)
        marked.subtract(ids)
        if case let .detail(id) = view { loadDetail(id) } else { reload() }
    }

    func openPrompt(_ kind: AlertPrompt.Kind, text: String = "") {
        let ids = targetIDs()
        guard !ids.isEmpty else {
            env.status.show("No alert under the cursor.", .info)
            return
        }
        modal = .prompt(AlertPrompt(kind: kind, ids: ids, text: text))
    }

    // MARK: - Keys inside a dialog

    func closeModal() { modal = .none }

    /// Tab and Shift-Tab move through the silence form's fields.
    func moveModalField(forward: Bool) {
        switch modal {
        case var .silence(s):
            _ = s.form.handle(forward ? .tab : .backTab)
            modal = .silence(s)
        case var .ticket(t):
            _ = t.form.handle(forward ? .tab : .backTab)
            modal = .ticket(t)
        case var .declare(f):
            _ = f.form.handle(forward ? .tab : .backTab)
            modal = .declare(f)
        default: return
        }
    }

    func typeInModal(_ key: Key) -> Bool {
        switch modal {
        case var .prompt(p):
            _ = p.field.handle(key)
            modal = .prompt(p)
        case var .silence(s):
            let before = s.matcherText
            _ = s.form.handle(key)
            if s.matcherText != before { updatePreview(&s) }
            modal = .silence(s)
        case var .ticket(t):
            _ = t.form.handle(key)
            t.error = nil
            modal = .ticket(t)
        case var .declare(f):
            _ = f.form.handle(key)
            f.error = nil
            modal = .declare(f)
        case .none:
            return false
        }
        return true
    }

    // MARK: - Submitting

    func submitModal() {
        switch modal {
        case let .prompt(p): submit(p)
        case let .silence(s): submit(s)
        case let .ticket(t): submit(t)
        case let .declare(f): submit(f)
        case .none: break
        }
    }

    func submit(_ p: AlertPrompt) {
        let text = p.field.text.trimmingCharacters(in: .whitespaces)
        let ids = p.ids
        let store = env.store, actor = env.actor
        switch p.kind {
        case .team:
            modal = .none
            query.team = text.isEmpty ? nil : text
            reload(resetSelection: true)
            return
        case .snooze:
            let seconds: TimeInterval
            do {
                seconds = try DurationText.parse(text, field: "until")
            } catch {
                return refuse(p, error.fieldErrors.map(\.message).joined(separator: " "))
            }
            let until = env.clock.now().addingTimeInterval(seconds)
            run(p, "Snoozed", suffix: " until \(env.shortDate(until))") { () throws(OpsError) in try store.snoozeAlerts(ids, until: until, as: actor) }
        case .acknowledge:
            run(p, "Acknowledged") { () throws(OpsError) in try store.acknowledgeAlerts(ids, note: text.isEmpty ? nil : text, as: actor) }
        case .resolve:
            run(p, "Resolved") { () throws(OpsError) in try store.resolveAlerts(ids, note: text.isEmpty ? nil : text, as: actor) }
        case .escalate:
            run(p, "Escalated") { () throws(OpsError) in try store.escalateAlerts(ids, note: text.isEmpty ? nil : text, as: actor) }
        case .falsePositive:
            run(p, "Closed", suffix: " as a false positive") { () throws(OpsError) in try store.closeAlerts(ids, falsePositive: true, reason: text, as: actor) }
        case .assign:
            run(p, text.isEmpty ? "Unassigned" : "Assigned", suffix: text.isEmpty ? "" : " to \(text)") { () throws(OpsError) in
                try store.assignAlerts(ids, to: text.isEmpty ? nil : text, as: actor)
            }
        case .note:
            run(p, "Added a note to") { () throws(OpsError) in
                var changed: [AlertRecord] = []
                for id in ids { changed.append(try store.annotateAlert(id, note: text, as: actor)) }
                return changed
            }
        }
    }

    /// Runs a dialog's store call. A field error (an empty reason, a bad login) keeps the
    /// dialog open with the sentence in it; any other refusal closes it. Either way the
    /// sentence is on the status line and nothing was changed.
    private func run(_ p: AlertPrompt, _ verb: String, suffix: String = "", _ body: () throws(OpsError) -> [AlertRecord]) {
        do {
            let changed = try body()
            modal = .none
            done(verb, changed.map(\.id), suffix: suffix)
        } catch {
            env.status.show(error)
            if error.fieldErrors.isEmpty { modal = .none } else { refuse(p, error.fieldErrors.map(\.message).joined(separator: " ")) }
        }
    }

    private func refuse(_ p: AlertPrompt, _ sentence: String) {
        var p = p
        p.error = sentence
        modal = .prompt(p)
    }
}
