import Foundation
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Issue #11 §1: the transport resolution every caller shares, what the store may hold,
/// and where a stored maildir may be written.
@Suite("Mail transport rules")
struct MailTransportRulesTests {
    @Test("the stored mail.transport accepts only an absolute maildir (or nothing)", arguments: [
        ("", true), ("maildir:/var/mail/pmops", true),
        ("maildir:spool", false), ("maildir:/var/../etc", false), ("sendmail:/usr/sbin/sendmail -t", false),
        ("sendmail:'/bin/sh' -c id", false), ("smtp://x", false),
    ])
    func storedValues(value: String, accepted: Bool) {
        let error = SettingKey.mailTransport.validate(value)
        #expect((error == nil) == accepted, "\(value): \(String(describing: error))")
        if let error {
            #expect(error.exitCode == 2)
            if let message = error.fieldErrors.first?.message { #expect(Sentences.isOneSentence(message), "\(message)") }
        }
    }

    @Test("resolution order: --mail, $PMOPS_MAIL, own config file, setting, beside the store; a stored program is refused")
    func resolution() throws {
        let home = try TemporaryDirectory("pmops-home")
        let env = ["HOME": home.path]
        func resolve(_ line: String?, _ env: [String: String], stored: String) throws(OpsError) -> ResolvedMailTransport {
            try MailTransportResolver.resolve(commandLine: line, environment: env, stored: stored, besideStore: "/srv/maildir")
        }
        #expect(try resolve(nil, env, stored: "") == ResolvedMailTransport(.maildir("/srv/maildir"), origin: .besideStore))
        #expect(try resolve(nil, env, stored: "maildir:/a") == ResolvedMailTransport(.maildir("/a"), origin: .setting))
        let refused = opsError { () throws(OpsError) in try resolve(nil, env, stored: "sendmail:/bin/evil") }
        #expect(refused?.exitCode == 4)
        #expect(refused?.description.hasPrefix("Refused to run the sendmail: command stored in mail.transport") == true)
        // The invoker's own sources win and may run a program.
        #expect(try resolve("sendmail:/bin/mine -t", env, stored: "sendmail:/bin/evil").origin == .commandLine)
        #expect(try resolve(nil, ["PMOPS_MAIL": "sendmail:/bin/mine"], stored: "sendmail:/bin/evil").origin == .environment)
        try FileManager.default.createDirectory(atPath: home.file(".config/pmops"), withIntermediateDirectories: true)
        try home.write(".config/pmops/mail", "\n# mine\nsendmail:/usr/sbin/sendmail -t\n", mode: 0o600)
        #expect(try resolve(nil, env, stored: "maildir:/a") == ResolvedMailTransport(.sendmail(["/usr/sbin/sendmail", "-t"]), origin: .configFile))
        #expect(chmod(home.file(".config/pmops/mail"), 0o620) == 0)
        #expect(opsError { () throws(OpsError) in try resolve(nil, env, stored: "") }?.exitCode == 4)
    }

    @Test("sendmail: text round-trips through its description, quoting words that need it", arguments: [
        "sendmail:/usr/sbin/sendmail -t -i", "sendmail:/x -f 'ops team'", "sendmail:/x 'it'\\''s'", "sendmail:/x ''",
    ])
    func roundTrip(text: String) throws {
        let spec = try MailTransportSpec.parse(text).get()
        #expect(spec.description == text)
        #expect(try MailTransportSpec.parse(spec.description).get() == spec)
    }

    @Test("a stored maildir is delivered into only where the deliverer owns it and nobody else can write")
    func maildirSafety() throws {
        let dir = try TemporaryDirectory("pmops-maildir")
        let mine = dir.file("mine")
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        #expect(opsError { () throws(OpsError) in try MaildirSafety.check(mine + "/box") } == nil)
        #expect(opsError { () throws(OpsError) in try MaildirSafety.check(mine) } == nil)
        #expect(chmod(mine, 0o777) == 0)
        let open = opsError { () throws(OpsError) in try MaildirSafety.check(mine + "/box") }
        #expect(open == .permissionDenied("Refused to deliver into \(mine) from the stored mail.transport: others can write to it; set mail.transport to a maildir you own, or give one with --mail or $PMOPS_MAIL."))
        #expect(chmod(mine, 0o700) == 0)
        #expect(symlink("/etc", dir.file("link")) == 0)
        #expect(opsError { () throws(OpsError) in try MaildirSafety.check(dir.file("link")) }?.description.contains("it is not a directory") == true)
        try FileManager.default.createDirectory(atPath: mine + "/new", withIntermediateDirectories: false)
        #expect(symlink("/etc", mine + "/tmp") == 0)
        #expect(opsError { () throws(OpsError) in try MaildirSafety.check(mine) }?.exitCode == 4)
        let other = opsError { () throws(OpsError) in try MaildirSafety.check(mine + "/box", uid: geteuid() + 1) }
        #expect(other?.description.contains("it belongs to uid \(geteuid()), not to you (uid \(geteuid() + 1))") == true)
        #expect(opsError { () throws(OpsError) in try MaildirSafety.check("relative/box") }?.exitCode == 4)
    }

    @Test("delivery re-checks a transport from the setting: nothing is claimed or sent when it is refused")
    func deliveryRechecks() throws {
        let f = try StoreFixture()
        _ = try f.db.createStaff(NewStaff(login: "jdoe", displayName: "Jane", email: "jdoe@example.com", roles: ["ops"]), as: f.boss)
        let stored = ResolvedMailTransport(.sendmail(["/bin/sh", "-c", "touch /tmp/pwned"]), origin: .setting)
        let error = opsError { () throws(OpsError) in try f.db.deliverOutbox(via: stored, as: f.boss) }
        #expect(error?.exitCode == 4)
        #expect(try f.db.outbox(as: f.boss).allSatisfy { $0.status == "queued" && $0.attempts == 0 && $0.nextAttemptAt == $0.createdAt })
    }
}
