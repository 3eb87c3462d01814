import Foundation
import OpsCore
import OpsStore
import TermUI

/// Import… and the pending-onboarding view: the fallback path of use case 1 from the
/// console, through the same store operations as `pmops users import/pending/onboard`.
extension UsersPane {
    func openImport() { modal = .importFile(ImportDialog()) }

    func submitImport(_ d: inout ImportDialog) {
        switch d.stage {
        case .paths:
            do throws(OpsError) { try d.loadPlan(store: env.store, actor: env.actor) } catch { d.formError = error.description }
            modal = .importFile(d)
        case .plan:
            guard d.typed == "apply" else {
                d.form.fields[0].error = "type 'apply' to apply the plan, or Esc to leave it."
                modal = .importFile(d)
                return
            }
            do throws(OpsError) {
                let r = try env.store.applyImport(d.data, format: d.format, mapping: d.mapping, deactivateMissing: false, as: env.actor)
                let failed = r.failures.isEmpty ? "" : "; \(r.failures.count) failed (first: \(r.failures[0].login))"
                env.status.show("Import applied: \(r.created) created, \(r.updated) updated, \(r.rolesChanged) role change(s), \(r.pending) pending onboarding\(failed).",
                                r.failures.isEmpty && r.pending == 0 ? .success : .warning)
                modal = .none
                reloadList()
            } catch {
                d.formError = error.description
                modal = .importFile(d)
            }
        }
    }

    /// The pending-onboarding list as a dialog: who waits and why, and how to create them.
    func showPending() {
        guard let pending = env.attempt({ () throws(OpsError) in try env.store.pendingOnboarding(as: env.actor) }) else { return }
        let width = max(20, areaWidth - 8)
        var body = pending.isEmpty ? ["Nobody is waiting: every imported person has an account."] : []
        for p in pending {
            body += AuditDiff.wrap("#\(p.id) \(p.login)  \(p.displayName ?? "—") <\(p.email ?? "—")>  line \(p.line)", width: width)
            body += AuditDiff.wrap("    \(p.field): \(p.reason)", width: width)
        }
        if let first = pending.first { body += ["", "Enter creates #\(first.id) in the New-account form, filled in; fix what was refused."] }
        pendingShown = pending.first?.id
        modal = .message(Dialog(title: "Pending onboarding (\(pending.count))", body: body, buttons: [pending.isEmpty ? "Close" : "Create"]))
    }

    /// The New-account form filled in from a pending entry; saving completes the entry.
    func openPendingForm(_ id: Int64) {
        guard let p = env.attempt({ () throws(OpsError) in try env.store.pendingOnboarding(as: env.actor) })?.first(where: { $0.id == id }) else { return }
        var f = AccountForm.create([p.login, p.displayName ?? "", p.email ?? "", p.team ?? ""])
        f.roles = ChecklistState(items: Role.allCases.map { ChecklistItem($0.rawValue, checked: p.roles.contains($0.rawValue)) })
        f.pendingID = id
        f.formError = "From pending onboarding #\(id): \(p.field): \(p.reason)"
        modal = .form(f)
    }
}
