import Foundation
import OpsCore
import OpsStore

/// The import plan as people read it: counts first, then one line per action, every
/// value from the file sanitised before it reaches the terminal.
enum ImportPlanText {
    static func print(_ preview: ImportPreview, file: String) {
        let p = preview.plan
        Swift.print("Plan for \(CLI.safe(file)) (sha256 \(preview.sha256.prefix(16))…, \(preview.records) record(s), HR export of \(p.exportDate)):")
        Swift.print("  create \(p.creates.count) · update \(p.updates.count) · role changes \(p.roleChanges) · deactivate \(p.deactivations.count) · refused \(p.refusals.count) · unchanged \(p.unchanged)")
        if !p.creates.isEmpty { Swift.print("Create (\(p.creates.count)):") }
        for c in p.creates {
            Swift.print("  + \(c.login)  \(CLI.safe(c.name)) <\(CLI.safe(c.email))>  team \(c.team ?? "—")  roles \(roles(c.roles))  (line \(c.line))")
        }
        if !p.updates.isEmpty { Swift.print("Update (\(p.updates.count)):") }
        for u in p.updates {
            var parts = u.fields.map { "\($0.field) \(CLI.safe($0.before ?? "—")) → \(CLI.safe($0.after ?? "—"))" }
            if let r = u.roles { parts.append("roles \(roles(r.before)) → \(roles(r.after))") }
            Swift.print("  ~ \(u.login)  \(parts.joined(separator: "; "))  (line \(u.line))")
        }
        if !p.deactivations.isEmpty { Swift.print("Deactivate (\(p.deactivations.count)):") }
        for d in p.deactivations {
            let work = d.openWork.isEmpty ? "no open work" : "open work: \(CLI.safe(d.openWork.joined(separator: ", ")))"
            Swift.print("  - \(d.login)  \"\(d.reason)\"; \(work)\(d.blocked.map { "; not applied: \(CLI.safe($0))" } ?? "")")
        }
        if !p.refusals.isEmpty { Swift.print("Refused (\(p.refusals.count)):") }
        for r in p.refusals {
            Swift.print("  ! line \(r.line) \(CLI.safe(r.login.isEmpty ? "(no login)" : r.login)) \(r.field): \(CLI.safe(r.reason))")
        }
    }

    static func print(_ r: ImportResult, deactivateMissing: Bool) {
        Swift.print("Applied: \(r.created) created\(r.created > 0 ? " (welcome emails queued)" : ""), \(r.updated) updated, \(r.rolesChanged) role change(s), \(r.deactivated) deactivated, \(r.pending) pending onboarding, \(r.failures.count) failed.")
        for f in r.failures { Swift.print("  failed \(f.action) \(f.login): \(CLI.safe(f.reason))") }
        if !deactivateMissing, !r.preview.plan.deactivations.isEmpty {
            Swift.print("Deactivations were not applied; add --deactivate-missing to apply them.")
        }
        if r.pending > 0 { Swift.print("See 'pmops users pending' (or the console's Pending onboarding view) to create them by hand.") }
    }

    static func roles(_ roles: [Role]) -> String { roles.isEmpty ? "none" : roles.map(\.rawValue).joined(separator: ",") }
}
