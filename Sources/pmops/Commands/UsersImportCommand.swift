import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops users import`: an HR export (CSV, JSON, SCIM 2.0) planned against the store,
/// printed, and applied only with `--apply`.
struct UsersImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Plan (and with --apply, apply) accounts from an HR export: CSV, JSON or SCIM 2.0.",
        discussion: """
            Without --apply (or with --dry-run) the plan is printed and nothing changes. Roles come only from the \
            --map file (department, title or group → roles; never super_admin or admin). Example: \
            pmops users import staff.csv --map hr.map --apply --deactivate-missing --reassign-to jdoe
            """)
    @OptionGroup var store: StoreOptions
    @Argument(help: "The export file (at most 50 MB, UTF-8).") var file: String
    @Option(help: "csv, json (lines or an array) or scim (ListResponse or one User per line); guessed from the file name.")
    var format: String?
    @Flag(name: .customLong("dry-run"), help: "Print the plan only (the default).") var dryRun = false
    @Flag(help: "Apply the plan: each account in its own transaction, through the same rules as users add/set-roles/deactivate.")
    var apply = false
    @Option(help: "Mapping file: 'column FIELD = HEADER', 'department NAME = ROLE, …', 'title …', 'group …'.") var map: String?
    @Flag(name: .customLong("deactivate-missing"), help: "With --apply, deactivate people absent from or inactive in the export.")
    var deactivateMissing = false
    @Option(name: .customLong("reassign-to"), help: "With --deactivate-missing, give leavers' open work to this login.") var reassignTo: String?
    @OptionGroup var output: JSONOutput

    func validate() throws {
        if apply, dryRun { throw ValidationError("--apply and --dry-run cannot be combined.") }
        if let format, HRFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("--format must be csv, json or scim, not \(Printable.excerpt(format)).")
        }
        if let reassignTo, let e = StaffValidation.login(reassignTo) { throw ValidationError("--reassign-to: \(e.message)") }
    }

    func run() throws {
        let kind = format.flatMap { HRFormat(rawValue: $0.lowercased()) } ?? HRFormat.guess(path: file)
        let mapping = try map.map { path throws(OpsError) in try RoleMapping.parse(try Self.readText(path, what: "mapping file")) } ?? RoleMapping()
        let data = try Self.readExport(file)
        let db = try store.open()
        if apply {
            let result = try db.applyImport(data, format: kind, mapping: mapping, deactivateMissing: deactivateMissing,
                                            reassignTo: reassignTo, as: store.actor)
            if output.json { return try CLI.printJSON(ImportPlanJSON(result.preview, applied: result)) }
            ImportPlanText.print(result.preview, file: file)
            ImportPlanText.print(result, deactivateMissing: deactivateMissing)
            return
        }
        let preview = try db.planImport(data, format: kind, mapping: mapping, reassignTo: reassignTo, as: store.actor)
        if output.json { return try CLI.printJSON(ImportPlanJSON(preview, applied: nil)) }
        ImportPlanText.print(preview, file: file)
        print(preview.plan.isEmpty ? "Nothing to change." : "Dry run: nothing was changed. Apply with --apply (deactivations also need --deactivate-missing).")
    }

    /// The size is checked before reading: a 2 GB file must not be loaded to be refused.
    static func readExport(_ path: String) throws(OpsError) -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        if let size, size > HRFile.maximumBytes {
            throw .invalid(field: "file", message: "\(Printable.excerpt(path)) is \(size) bytes; the limit is \(HRFile.maximumBytes) (50 MB). Split the export.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .notFound("Cannot read \(Printable.excerpt(path)): no such file, or not readable.")
        }
        return data
    }

    static func readText(_ path: String, what: String) throws(OpsError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .notFound("Cannot read the \(what) \(Printable.excerpt(path)): no such file, or not readable.")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .invalid(field: what, message: "the \(what) is not UTF-8 text.") }
        return text
    }
}
