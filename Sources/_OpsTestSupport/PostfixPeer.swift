import Foundation

/// The Debian `postfix` as a real mail peer: a private instance run by
/// `Scripts/postfix-peer.sh` under a folder of its own, SMTP on 127.0.0.1 at a free port,
/// every listed domain delivered by virtual(8) to its own Maildir, nothing relayed.
/// Started per test (like the node exporter and Alertmanager peers) and always stopped.
///
/// The script runs through `CleanSpawn`, so the master daemon it leaves behind has an
/// empty signal mask and `postfix stop` (SIGTERM) works.
public final class PostfixPeer: @unchecked Sendable {
    public static let executable = "/usr/sbin/postfix"
    public static let sendmail = "/usr/sbin/sendmail"
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: executable) }
    public static let missing = "postfix is missing; Scripts/ensure-deps.sh installs it (apt-get install postfix, debconf \"No configuration\")"

    public let port: UInt16
    public let root: TemporaryDirectory
    private let script: String

    /// Starts an instance delivering `domains`; retried on another port when the first
    /// free port is taken in between (three attempts). Needs root, as Postfix does.
    public init(domains: [String]) throws {
        guard Self.isInstalled else { throw TestSupportError(Self.missing) }
        guard geteuid() == 0 else { throw TestSupportError("The Postfix test peer needs root (its master process starts as root).") }
        script = try RepoFiles.root() + "/Scripts/postfix-peer.sh"
        root = try TemporaryDirectory("pmops-postfix")
        var lastFailure = "never started"
        for attempt in 0..<3 {
            let port = try LocalPeer.freePort()
            let log = root.path + "-start-\(attempt).log"
            defer { try? FileManager.default.removeItem(atPath: log) }
            let status = try CleanSpawn.run(script, ["start", root.path, String(port)] + domains,
                                            environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], output: log, timeout: 60)
            if status == 0 {
                self.port = port
                return
            }
            lastFailure = (try? FileFacts.text(log)) ?? "no output"
            _ = try? CleanSpawn.run(script, ["stop", root.path], environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"],
                                    output: "/dev/null", timeout: 30)
        }
        throw TestSupportError("The Postfix peer did not start: \(lastFailure)")
    }

    /// The instance's config folder, for `sendmail -C`.
    public var configDirectory: String { root.file("etc") }

    /// The pmops transport that submits through this instance's sendmail.
    public var sendmailTransport: String { "sendmail:\(Self.sendmail) -C \(configDirectory) -t -i" }

    /// The Maildir Postfix delivers `domain`'s mail to.
    public func maildir(_ domain: String) -> String { root.file("mail/\(domain)") }

    /// The instance's own log (`maillog_file`), for failure messages.
    public var log: String { (try? FileFacts.text(root.file("log/maillog"))) ?? "(no log)" }

    /// The files in `domain`'s new/ once there are at least `count`, waiting up to
    /// `timeout` seconds; throws with the Postfix log otherwise.
    public func waitForMail(_ domain: String, count: Int = 1, timeout: TimeInterval = 20) throws -> [String] {
        let folder = maildir(domain) + "/new"
        var files: [String] = []
        let arrived = pollUntil(timeout: timeout) {
            files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            return files.count >= count
        }
        guard arrived else { throw TestSupportError("Postfix delivered \(files.count) of \(count) messages to \(folder) in \(timeout) s. Log:\n\(log)") }
        return files
    }

    /// Submits `message` over SMTP to 127.0.0.1:port (Python's smtplib, a real client);
    /// throws with the server's answer when refused.
    public func submitSMTP(from sender: String, to recipients: [String], message: String) throws {
        let program = """
            import smtplib, sys
            data = sys.stdin.buffer.read()
            with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=20) as smtp:
                refused = smtp.sendmail(sys.argv[2], sys.argv[3:], data)
            sys.exit(1 if refused else 0)
            """
        let result = try ChildProcess.run("/usr/bin/python3", ["-c", program, String(port), sender] + recipients,
                                          stdin: Data(message.utf8), timeout: 30)
        guard result.status == 0 else { throw TestSupportError("SMTP submission to 127.0.0.1:\(port) failed: \(result)") }
    }

    public func stop() {
        _ = try? CleanSpawn.run(script, ["stop", root.path], environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"],
                                output: "/dev/null", timeout: 30)
    }

    deinit { stop() }
}
