import Foundation
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Issue #20 through the store: the sample exports' plans pinned, apply per account with
/// one `users.import` row, idempotence, the pending-onboarding fallback, the role matrix.
@Suite("HR import in the store")
struct StaffImportStoreTests {
    static func sample(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: try RepoFiles.root() + "/Docs/samples/hr/" + name))
    }

    static func mapping() throws -> RoleMapping {
        try RoleMapping.parse(String(decoding: try sample("staff.map"), as: UTF8.self))
    }

    /// The plan as short lines, for pinning.
    static func summary(_ p: ImportPlan) -> [String] {
        p.creates.map { "+ \($0.login) \($0.team ?? "-") \($0.roles.map(\.rawValue).joined(separator: ","))" }
            + p.updates.map { u in "~ \(u.login) " + (u.fields.map { "\($0.field):\($0.before ?? "-")→\($0.after ?? "-")" }
                + (u.roles.map { ["roles:\($0.before.map(\.rawValue).joined(separator: ","))→\($0.after.map(\.rawValue).joined(separator: ","))"] } ?? [])).joined(separator: " ") }
            + p.deactivations.map { "- \($0.login) \($0.reason)\($0.blocked.map { " [\($0)]" } ?? "")" }
            + p.refusals.map { "! \($0.line) \($0.login) \($0.field)" }
    }

    @Test("the sample CSV's plan on a fresh store")
    func sampleCSVPlan() throws {
        let f = try StoreFixture()
        let preview = try f.db.planImport(try Self.sample("staff.csv"), format: .csv, mapping: try Self.mapping(), as: f.boss)
        #expect(Self.summary(preview.plan) == [
            "+ bjensen tour-operations ops,support", "+ jsmith tour-operations ops", "+ apatel site-reliability ops,readonly",
            "+ lchen security security", "+ mgarcia support support",
            "- boss not in HR export of 2026-11-18 [Refused: you cannot deactivate your own account.]",
        ])
        #expect(preview.plan.unchanged == 1) // kowens: inactive, never had an account
        #expect(preview.records == 6)
        #expect(preview.sha256.count == 64)
    }

    @Test("the sample SCIM ListResponse after the CSV: updates, a role change, a deactivation")
    func sampleSCIMPlanAfterCSV() throws {
        let f = try StoreFixture()
        _ = try f.db.applyImport(try Self.sample("staff.csv"), format: .csv, mapping: try Self.mapping(), deactivateMissing: false, as: f.boss)
        let preview = try f.db.planImport(try Self.sample("staff-scim.json"), format: .scim, mapping: try Self.mapping(), as: f.boss)
        #expect(Self.summary(preview.plan) == [
            "- apatel not in HR export of 2026-11-18",
            "- boss not in HR export of 2026-11-18 [Refused: you cannot deactivate your own account.]",
            "- lchen inactive in HR export of 2026-11-18",
            "- mgarcia not in HR export of 2026-11-18",
        ])
        #expect(preview.plan.unchanged == 2) // bjensen and jsmith match the CSV
    }

    @Test("apply creates through the core rules, queues one welcome each, writes one users.import row; a second run changes nothing")
    func applyAndIdempotence() throws {
        let f = try StoreFixture()
        let data = try Self.sample("staff.csv")
        let first = try f.db.applyImport(data, format: .csv, mapping: try Self.mapping(), deactivateMissing: true, as: f.boss)
        #expect(first.created == 5 && first.deactivated == 0 && first.failures.isEmpty)
        #expect(try f.db.outbox(as: f.boss).count == 5)
        #expect(try f.account("lchen").roles == [.security])
        let imports = try f.db.auditEntries(AuditFilter(action: "users.import"), as: f.boss)
        #expect(imports.count == 1)
        #expect(imports.first?.after?.contains("\"sha256\":\"\(first.preview.sha256)\"") == true)
        #expect(imports.first?.after?.contains("\"created\":5") == true)
        #expect(try f.db.auditEntries(AuditFilter(action: "user.create"), as: f.boss).count == 5)
        let versions = try f.db.listStaff(as: f.boss).map(\.version)
        let second = try f.db.applyImport(data, format: .csv, mapping: try Self.mapping(), deactivateMissing: true, as: f.boss)
        #expect(second.created == 0 && second.updated == 0 && second.rolesChanged == 0 && second.deactivated == 0 && second.pending == 0)
        #expect(try f.db.listStaff(as: f.boss).map(\.version) == versions)
        #expect(try f.db.auditEntries(AuditFilter(action: "user.*"), as: f.boss).count == 5)
        #expect(try f.db.outbox(as: f.boss).count == 5)
    }

    @Test("a refused person waits in pending onboarding; fixing and creating them by hand is audited")
    func pendingOnboarding() throws {
        let f = try StoreFixture()
        let csv = Data("login,name,email,team\nzed,Zed,zed-at-example,Ops\nok,Okay,ok@example.com,Ops\n".utf8)
        let mapping = try RoleMapping.parse("department Ops = ops")
        let result = try f.db.applyImport(csv, format: .csv, mapping: mapping, deactivateMissing: false, as: f.boss)
        #expect(result.created == 1 && result.pending == 1)
        let pending = try f.db.pendingOnboarding(as: f.boss)
        #expect(pending.map(\.login) == ["zed"])
        #expect(pending.first?.line == 2 && pending.first?.field == "email" && pending.first?.roles == ["ops"])
        _ = try f.db.applyImport(csv, format: .csv, mapping: mapping, deactivateMissing: false, as: f.boss)
        // The same file with the same reason writes no new row.
        #expect(try f.db.auditEntries(AuditFilter(action: "user.onboarding_pending"), as: f.boss).count == 1)
        let entry = try #require(pending.first)
        let account = try f.db.completePendingOnboarding(id: entry.id, NewStaff(login: "zed", displayName: "Zed", email: "zed@example.com",
                                                                                  team: entry.team, roles: entry.roles), as: f.boss)
        #expect(account.roles == [.ops])
        #expect(try f.db.pendingOnboarding(as: f.boss).isEmpty)
        #expect(try f.db.auditEntries(AuditFilter(action: "user.onboarding_completed", target: "zed"), as: f.boss).count == 1)
        #expect(opsError { () throws(OpsError) in try f.db.completePendingOnboarding(id: entry.id, NewStaff(login: "zed2", displayName: "Z", email: "z2@example.com", roles: ["ops"]), as: f.boss) }?.exitCode == 3)
    }

    @Test("--deactivate-missing applies only unblocked deactivations, with the reason of the export's date")
    func deactivateMissing() throws {
        let f = try StoreFixture()
        try f.add("gone", [.ops])
        let csv = Data("login,name,email\n".utf8)
        let result = try f.db.applyImport(csv, format: .csv, mapping: RoleMapping(), deactivateMissing: true, as: f.boss)
        #expect(result.deactivated == 1)
        #expect(try f.account("gone").isActive == false)
        let row = try f.db.auditEntries(AuditFilter(action: "user.deactivate", target: "gone"), as: f.boss).first
        #expect(row?.reason == "not in HR export of 2026-11-18")
        #expect(try f.account("boss").isActive)
    }

    @Test("role matrix: users.read may plan; applying needs users.manage and roles.assign", arguments: [
        (Role.readonly, true, 4), (.support, true, 4), (.ops, true, 4), (.admin, true, 0),
    ] as [(Role, Bool, Int32)])
    func roleMatrix(role: Role, mayPlan: Bool, applyExit: Int32) throws {
        let f = try StoreFixture()
        try f.add("who", [role])
        let csv = Data("login,name,email,team\nnew1,New,new1@example.com,Ops\n".utf8)
        let mapping = try RoleMapping.parse("department Ops = ops")
        let plan = opsError { () throws(OpsError) in try f.db.planImport(csv, format: .csv, mapping: mapping, as: f.actor("who")) }
        #expect((plan == nil) == mayPlan)
        let apply = opsError { () throws(OpsError) in try f.db.applyImport(csv, format: .csv, mapping: mapping, deactivateMissing: false, as: f.actor("who")) }
        #expect((apply?.exitCode ?? 0) == applyExit)
        #expect(((try? f.account("new1")) != nil) == (applyExit == 0))
    }

    @Test("granting a powerful role needs the confirmation; without it exit 2 and nothing changes", arguments: Array(RoleMatrix.confirmedGrants).sorted())
    func powerGrant(role: Role) throws {
        let f = try StoreFixture()
        try f.add("jane", [.readonly])
        let before = try f.auditCount()
        let set = opsError { () throws(OpsError) in try f.db.setRoles(login: "jane", roles: [role.rawValue], as: f.boss) }
        #expect(set?.exitCode == 2)
        #expect(set?.description == "Invalid confirmation: granting \(role.rawValue) needs a second look; nothing was changed until it is confirmed.")
        let add = opsError { () throws(OpsError) in
            try f.db.createStaff(NewStaff(login: "newp", displayName: "N", email: "n@example.com", roles: [role.rawValue]), as: f.boss)
        }
        #expect(add?.exitCode == 2)
        #expect(try f.auditCount() == before)
        #expect(try f.account("jane").roles == [.readonly])
        #expect(try f.db.setRoles(login: "jane", roles: [role.rawValue], confirmedPowerGrant: true, as: f.boss).roles == [role])
        // A role already held is kept, not granted: no confirmation needed.
        #expect(try f.db.setRoles(login: "jane", roles: [role.rawValue, "readonly"], as: f.boss).roles == [role, .readonly])
    }
}
