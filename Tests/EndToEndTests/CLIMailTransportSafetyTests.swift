import Foundation
import Testing
import _OpsTestSupport

/// Issue #11 §1: nothing stored in the database makes pmops run a program, or write where
/// someone else chose, as whoever delivers mail.
@Suite("Mail transport safety through the CLI")
struct CLIMailTransportSafetyTests {
    /// A store with a queued welcome email and an admin, `ada`.
    static func store() throws -> PmopsCLI {
        let cli = try PmopsCLI()
        let added = try cli.run(["users", "add", "--yes", "ada", "--name", "Ada Admin", "--email", "ada@example.com", "--role", "admin"])
        try #require(added.status == 0, "\(added)")
        return cli
    }

    /// A script that leaves a marker when anything runs it.
    static func evil(_ cli: PmopsCLI) throws -> String {
        try cli.dir.write("evil.sh", "#!/bin/sh\ntouch '\(cli.dir.file("pwned"))'\ncat > /dev/null\nexit 0\n", mode: 0o755)
    }

    static func setting(_ cli: PmopsCLI) throws -> String? {
        let all = try #require(try cli.json(["settings", "list", "--json"]) as? [String: Any])
        return all["mail.transport"] as? String
    }

    @Test("an admin cannot store a sendmail: command (exit 2, the sentence says where it goes); nothing runs")
    func adminCannotStoreProgram() throws {
        let cli = try Self.store()
        let script = try Self.evil(cli)
        for actor in [["--as", "ada"], []] {
            let set = try cli.run(["settings", "set", "mail.transport", "sendmail:\(script)"] + actor)
            #expect(set.status == 2, "\(set)")
            #expect(set.stderr.hasPrefix("pmops: Invalid mail.transport: a sendmail: command is never taken from the store"), "\(set.stderr)")
            #expect(set.stderr.contains("--mail, $PMOPS_MAIL or your own ~/.config/pmops/mail"), "\(set.stderr)")
        }
        #expect(try Self.setting(cli) == "")
        #expect(try cli.run(["outbox", "deliver"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: cli.dir.file("pwned")))
    }

    @Test("a sendmail: already stored is refused at delivery (exit 4, message left queued), flagged by settings list and db check")
    func storedProgramRefused() throws {
        _ = try SQLite3.require()
        let cli = try Self.store()
        let script = try Self.evil(cli)
        try SQLite3.exec(cli.dbPath, "INSERT INTO setting (key, value) VALUES ('mail.transport', 'sendmail:\(script)');")
        let deliver = try cli.run(["outbox", "deliver"])
        #expect(deliver.status == 4, "\(deliver)")
        #expect(deliver.stderr.hasPrefix("pmops: Refused to run the sendmail: command stored in mail.transport"), "\(deliver.stderr)")
        #expect(deliver.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: cli.dir.file("pwned")))
        let rows = try #require(try cli.json(["outbox", "list", "--json"]) as? [[String: Any]])
        #expect(rows.allSatisfy { $0["status"] as? String == "queued" && $0["attempts"] as? Int == 0 })
        let list = try cli.run(["settings", "list"])
        #expect(list.status == 0)
        #expect(list.stderr.hasPrefix("pmops: refused setting mail.transport: Invalid mail.transport: a sendmail: command is never taken"), "\(list.stderr)")
        let check = try cli.run(["db", "check"])
        #expect(check.status == 1, "\(check)")
        #expect(check.stderr.contains("pmops: setting mail.transport: Invalid mail.transport: a sendmail: command"), "\(check.stderr)")
        // The invoker's own --mail still works, and is the way out.
        let own = try cli.run(["outbox", "deliver", "--mail", "maildir:\(cli.dir.file("mine"))"])
        #expect(own.status == 0, "\(own)")
        #expect(!FileManager.default.fileExists(atPath: cli.dir.file("pwned")))
    }

    @Test("a stored maildir must be absolute, and is written only where the deliverer owns it")
    func storedMaildir() throws {
        let cli = try Self.store()
        let relative = try cli.run(["settings", "set", "mail.transport", "maildir:spool", "--as", "ada"])
        #expect(relative.status == 2, "\(relative)")
        let dotdot = try cli.run(["settings", "set", "mail.transport", "maildir:/var/../etc/cron.d", "--as", "ada"])
        #expect(dotdot.status == 2, "\(dotdot)")
        // Another user's directory (or a world-writable one such as /tmp) is refused.
        let foreign = cli.dir.file("foreign")
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        if PmopsCLI.runningAsRoot {
            #expect(chown(foreign, 65534, 65534) == 0)
        } else {
            #expect(chmod(foreign, 0o777) == 0)
        }
        #expect(try cli.run(["settings", "set", "mail.transport", "maildir:\(foreign)/box", "--as", "ada"]).status == 0)
        let refused = try cli.run(["outbox", "deliver"])
        #expect(refused.status == 4, "\(refused)")
        #expect(refused.stderr.hasPrefix("pmops: Refused to deliver into \(foreign) from the stored mail.transport: "), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: foreign + "/box"))
        let world = try cli.run(["settings", "set", "mail.transport", "maildir:/tmp/pmops-never-\(getpid())", "--as", "ada"])
        #expect(world.status == 0)
        #expect(try cli.run(["outbox", "deliver"]).status == 4)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pmops-never-\(getpid())"))
        // A directory the deliverer owns, writable by nobody else, is used.
        let mine = cli.dir.file("mine")
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        #expect(try cli.run(["settings", "set", "mail.transport", "maildir:\(mine)/box", "--as", "ada"]).status == 0)
        let ok = try cli.run(["outbox", "deliver"])
        #expect(ok.status == 0, "\(ok)")
        #expect(FileFacts.files(in: mine + "/box/new").count == 1)
    }

    @Test("sendmail: words are split like a shell splits them and passed without one")
    func shellQuoting() throws {
        let cli = try Self.store()
        let script = try cli.dir.write("args.sh", "#!/bin/sh\nprintf '[%s]\\n' \"$@\" > '\(cli.dir.file("args"))'\ncat > /dev/null\n", mode: 0o755)
        let spec = "sendmail:\(script) -f 'ops team' \"a \\\"b\\\"\" c\\ d $HOME ';touch \(cli.dir.file("pwned"))'"
        let result = try cli.run(["outbox", "deliver", "--mail", spec])
        #expect(result.status == 0, "\(result)")
        #expect(try FileFacts.text(cli.dir.file("args")) == "[-f]\n[ops team]\n[a \"b\"]\n[c d]\n[$HOME]\n[;touch \(cli.dir.file("pwned"))]\n")
        #expect(!FileManager.default.fileExists(atPath: cli.dir.file("pwned")))
        let unbalanced = try cli.run(["outbox", "deliver", "--mail", "sendmail:\(script) -f 'ops team"])
        #expect(unbalanced.status == 2, "\(unbalanced)")
        #expect(unbalanced.stderr == "pmops: Invalid mail: cannot split the sendmail: command: a single quote (') is not closed; quote with '…' or \"…\".\n")
    }
}
