import Foundation
import OpsCore
import OpsStore
import TermUI

/// The Users pane's Import…: file paths first, then the plan as a scrollable diff with
/// its counts, applied only after "apply" is typed. The store computes and applies the
/// plan (`planImport`, `applyImport`), exactly as `pmops users import` does.
public struct ImportDialog: Equatable {
    public enum Stage: Equatable {
        case paths
        case plan(ImportPreview)
    }

    public var stage: Stage = .paths
    public var form: FormState
    public var scroll = 0
    public var formError: String?
    var data = Data()
    var format = HRFormat.csv
    var mapping = RoleMapping()

    init() {
        form = FormState(fields: [FormField(label: "Export file", maxLength: 4096, placeholder: "/path/staff.csv (csv, json or scim)"),
                                  FormField(label: "Mapping file", maxLength: 4096, placeholder: "/path/hr.map (roles come only from here)")])
    }

    var exportPath: String { form.fields[0].text.trimmingCharacters(in: .whitespaces) }
    var mappingPath: String { form.fields[1].text.trimmingCharacters(in: .whitespaces) }
    var typed: String { form.fields.first?.text ?? "" }

    /// Reads the files and asks the store for the plan; on success the dialog shows it.
    mutating func loadPlan(store: AppDatabase, actor: ActorContext) throws(OpsError) {
        guard !exportPath.isEmpty else { throw .invalid(field: "file", message: "give the path of the export file.") }
        guard let exported = FileManager.default.contents(atPath: exportPath) else {
            throw .notFound("Cannot read \(Printable.excerpt(exportPath)): no such file, or not readable.")
        }
        var map = RoleMapping()
        if !mappingPath.isEmpty {
            guard let raw = FileManager.default.contents(atPath: mappingPath), let text = String(data: raw, encoding: .utf8) else {
                throw .notFound("Cannot read the mapping file \(Printable.excerpt(mappingPath)).")
            }
            map = try RoleMapping.parse(text)
        }
        let kind = HRFormat.guess(path: exportPath)
        let preview = try store.planImport(exported, format: kind, mapping: map, as: actor)
        data = exported
        format = kind
        mapping = map
        stage = .plan(preview)
        form = FormState(fields: [FormField(label: "Type apply", maxLength: 5, placeholder: "to apply the plan")])
        scroll = 0
    }

    /// The plan as lines: counts, then one line per action, refusals with their line. The
    /// console never deactivates (`deactivates` false): people missing from the export are
    /// listed as kept, so the plan shows what applying it will do.
    static func lines(_ p: ImportPlan, deactivates: Bool = false) -> [String] {
        let missing = deactivates ? "deactivate \(p.deactivations.count)" : "not in the export \(p.deactivations.count) (kept)"
        var out = ["create \(p.creates.count) · update \(p.updates.count) · role changes \(p.roleChanges) · \(missing) · refused \(p.refusals.count) · unchanged \(p.unchanged)", ""]
        func roles(_ r: [Role]) -> String { r.isEmpty ? "none" : r.map(\.rawValue).joined(separator: ",") }
        out += p.creates.map { "+ \($0.login)  \($0.name) <\($0.email)>  \(roles($0.roles))" }
        out += p.updates.map { u in
            "~ \(u.login)  " + (u.fields.map { "\($0.field) \($0.before ?? "—") → \($0.after ?? "—")" }
                + (u.roles.map { ["roles \(roles($0.before)) → \(roles($0.after))"] } ?? [])).joined(separator: "; ")
        }
        out += p.refusals.map { "! line \($0.line) \($0.login) \($0.field): \($0.reason)" }
        if deactivates {
            out += p.deactivations.map { "- \($0.login)  \($0.reason)\($0.openWork.isEmpty ? "" : "; \($0.openWork.count) open item(s)")\($0.blocked.map { "; not applied: \($0)" } ?? "")" }
        } else if !p.deactivations.isEmpty {
            out += ["", "Kept, though not in the export (a console import never deactivates: deactivate a leaver with d, which reassigns their open work):"]
            out += p.deactivations.map { "= \($0.login)  \($0.reason)\($0.openWork.isEmpty ? "" : "; \($0.openWork.count) open item(s)")" }
        }
        return out
    }
}
