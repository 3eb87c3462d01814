import Foundation
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// What `createStaff`/`updateStaff` report: every bad field at once, one sentence each;
/// uniqueness ignoring case; nothing written when refused.
@Suite("Validation through the store")
struct ValidationStoreTests {
    @Test("every bad field is reported at once, one line and one sentence per field")
    func allFieldsAtOnce() throws {
        let f = try StoreFixture()
        let error = opsError { () throws(OpsError) in
            try f.db.createStaff(NewStaff(login: "1Bad", displayName: "\u{202E}", email: "nobody", team: "A Team", roles: ["wizard"]), as: f.boss)
        }
        let fields = try #require(error?.fieldErrors)
        #expect(fields.map(\.field) == ["login", "name", "email", "team", "role"])
        for field in fields { #expect(Sentences.isOneSentence(field.message), "\(field.field): \(field.message)") }
        let lines = try #require(error).description.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.hasPrefix("Invalid ") })
        #expect(error?.exitCode == 2)
        #expect(try f.auditCount() == 1)
    }

    @Test("no role at all is its own message")
    func noRole() throws {
        let f = try StoreFixture()
        let error = opsError { () throws(OpsError) in
            try f.db.createStaff(NewStaff(login: "jane", displayName: "Jane", email: "jane@example.com", roles: []), as: f.boss)
        }
        #expect(error == .invalidFields([FieldError(field: "role", message: "give at least one role.")]))
    }

    @Test("a login differing only in case is refused (logins are lower case); an exact duplicate is a conflict")
    func duplicateLogin() throws {
        let f = try StoreFixture()
        try f.add("jdoe", [.ops])
        let upper = opsError { () throws(OpsError) in
            try f.db.createStaff(NewStaff(login: "JDoe", displayName: "J", email: "other@example.com", roles: ["ops"]), as: f.boss)
        }
        #expect(upper?.exitCode == 2)
        #expect(upper?.fieldErrors.first?.message.contains("upper-case letter ('J')") == true)
        let same = opsError { () throws(OpsError) in
            try f.db.createStaff(NewStaff(login: "jdoe", displayName: "J", email: "other@example.com", roles: ["ops"]), as: f.boss)
        }
        #expect(same == .conflict("The login 'jdoe' is already taken (by 'jdoe'; logins are unique ignoring case)."))
        #expect(same?.exitCode == 5)
    }

    @Test("an email differing only in case is a duplicate, naming its owner")
    func duplicateEmail() throws {
        let f = try StoreFixture()
        try f.add("jdoe", [.ops])
        let before = try f.auditCount()
        let error = opsError { () throws(OpsError) in
            try f.db.createStaff(NewStaff(login: "jdoe2", displayName: "J", email: "JDOE@Example.COM", roles: ["ops"]), as: f.boss)
        }
        #expect(error == .conflict("The email JDOE@Example.COM already belongs to 'jdoe'."))
        let viaUpdate = opsError { () throws(OpsError) in
            try f.db.updateStaff(login: "boss", changes: StaffChanges(email: "Jdoe@example.com"), as: f.boss)
        }
        #expect(viaUpdate == .conflict("The email Jdoe@example.com already belongs to 'jdoe'."))
        #expect(try f.auditCount() == before)
    }

    @Test("a name the schema would refuse is a validation error (exit 2), never a constraint failure")
    func nameLengthMatchesSchema() throws {
        let f = try StoreFixture()
        // x + U+0301 has no precomposed form, so NFC keeps 41 letters on screen as 82 code points.
        let combining = String(repeating: "x\u{301}", count: 41)
        let error = opsError { () throws(OpsError) in
            try f.db.createStaff(NewStaff(login: "jane", displayName: combining, email: "jane@example.com", roles: ["ops"]), as: f.boss)
        }
        #expect(error == .invalidFields([FieldError(field: "name", message: "the display name is 82 characters; the limit is 80.")]))
        let fits = String(repeating: "x\u{301}", count: 40)
        let account = try f.db.createStaff(NewStaff(login: "jane", displayName: fits, email: "jane@example.com", roles: ["ops"]), as: f.boss)
        #expect(account.displayName == fits)
    }

    @Test("names are stored trimmed; teams lower-cased")
    func normalisation() throws {
        let f = try StoreFixture()
        let account = try f.db.createStaff(NewStaff(login: "jane", displayName: "  Jane Doe ", email: "jane@example.com", team: " SRE ", roles: ["ops"]), as: f.boss)
        #expect(account.displayName == "Jane Doe")
        #expect(account.team == "sre")
    }

    @Test("update: nothing to change, bad fields, deactivated target")
    func updateErrors() throws {
        let f = try StoreFixture()
        try f.add("jane", [.ops])
        #expect(opsError { () throws(OpsError) in try f.db.updateStaff(login: "jane", changes: StaffChanges(), as: f.boss) }
            == .invalid(field: "changes", message: "nothing to change; give --name, --email or --team."))
        let bad = opsError { () throws(OpsError) in
            try f.db.updateStaff(login: "jane", changes: StaffChanges(displayName: "", email: "x@y"), as: f.boss)
        }
        #expect(bad?.fieldErrors.map(\.field) == ["name", "email"])
        _ = try f.db.deactivate(login: "jane", reason: "left", as: f.boss)
        let gone = opsError { () throws(OpsError) in try f.db.updateStaff(login: "jane", changes: StaffChanges(team: "sre"), as: f.boss) }
        #expect(gone?.exitCode == 5)
        #expect(opsError { () throws(OpsError) in try f.db.updateStaff(login: "ghost", changes: StaffChanges(team: "x"), as: f.boss) }
            == .notFound("No staff account 'ghost'."))
    }

    @Test("unknown role on set-roles names the valid roles")
    func unknownRoleOnSet() throws {
        let f = try StoreFixture()
        try f.add("jane", [.ops])
        let error = opsError { () throws(OpsError) in try f.db.setRoles(login: "jane", roles: ["root"], as: f.boss) }
        #expect(error?.exitCode == 2)
        #expect(error?.description.hasPrefix("Invalid role: unknown role 'root'; roles are super_admin") == true)
    }

    @Test("settings are validated on write", arguments: [
        (SettingKey.archiveRetentionDays, "0"), (.archiveRetentionDays, "ten"), (.separationOfDuty, "ops"),
        (.mailTransport, "smtp://x"), (.mailTransport, "sendmail:sendmail -t"), (.mailFrom, "nobody"),
    ])
    func settingValidation(key: SettingKey, value: String) throws {
        let f = try StoreFixture()
        let error = opsError { () throws(OpsError) in try f.db.setSetting(key, to: value, as: f.boss) }
        #expect(error?.exitCode == 2, "\(key.rawValue)=\(value): \(String(describing: error))")
        if let message = error?.fieldErrors.first?.message { #expect(Sentences.isOneSentence(message), "\(message)") }
        #expect(try f.db.settingValue(key) == key.defaultValue)
    }
}
