import Foundation
import OpsCore

/// Where outgoing mail goes: a Maildir (default; needs no MTA) or a sendmail-compatible
/// command that reads the RFC 5322 message on stdin. A `sendmail:` command is split into
/// words like a shell would (quotes, backslashes) and run directly, never through a shell.
public enum MailTransportSpec: Equatable, Sendable, CustomStringConvertible {
    case maildir(String)
    case sendmail([String])

    public static func parse(_ text: String) -> Result<MailTransportSpec, OpsError> {
        if text.hasPrefix("maildir:") {
            let path = String(text.dropFirst("maildir:".count))
            guard !path.isEmpty else { return .failure(.invalid(field: "mail", message: "maildir: needs a directory path, e.g. maildir:/var/mail/pmops.")) }
            return .success(.maildir(path))
        }
        if text.hasPrefix("sendmail:") {
            let words: [String]
            switch ShellWords.split(String(text.dropFirst("sendmail:".count))) {
            case let .success(split): words = split
            case let .failure(error):
                return .failure(.invalid(field: "mail", message: "cannot split the sendmail: command: \(error); quote with '…' or \"…\"."))
            }
            guard let first = words.first, first.hasPrefix("/") else {
                return .failure(.invalid(field: "mail", message: "sendmail: needs an absolute command path, e.g. sendmail:/usr/sbin/sendmail -t -i."))
            }
            return .success(.sendmail(words))
        }
        return .failure(.invalid(field: "mail", message: "\(Printable.excerpt(text)) is not a mail transport; use maildir:PATH or sendmail:COMMAND."))
    }

    /// True when delivering through this transport runs a program.
    public var runsProgram: Bool {
        if case .sendmail = self { return true }
        return false
    }

    /// The text form; `parse(description)` gives the same transport back.
    public var description: String {
        switch self {
        case let .maildir(path): "maildir:\(path)"
        case let .sendmail(words): "sendmail:" + words.map(Self.shellQuoted).joined(separator: " ")
        }
    }

    /// A word as the splitter reads it back: bare when it is plain, else single-quoted.
    static func shellQuoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "/-_.,:=@%+".unicodeScalars.contains($0)
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// An email ready to send.
public struct MailMessage: Sendable, Equatable {
    public var id: Int64
    public var from: String
    public var to: String
    public var subject: String
    public var body: String
    public var date: Date
    /// Fixed when the message was queued (ticket mail), else made up from the outbox id.
    public var messageID: String? = nil
    public var inReplyTo: String? = nil
    public var references: [String] = []

    /// RFC 5322 text with CRLF line ends and UTF-8 body.
    public func rfc5322(hostname: String) -> String {
        let dateFormatter = DateFormatter()
        dateFormatter.locale = Locale(identifier: "en_US_POSIX")
        dateFormatter.timeZone = TimeZone(identifier: "UTC")
        dateFormatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var headers = [
            "Date: \(dateFormatter.string(from: date))",
            "From: PenguinOps <\(from)>",
            "To: \(to)",
            "Subject: \(Self.encodeHeader(subject))",
            "Message-ID: \(messageID ?? "<pmops.\(id).\(Int(date.timeIntervalSince1970))@\(hostname)>")",
        ]
        if let inReplyTo { headers.append("In-Reply-To: \(inReplyTo)") }
        // One id per folded line keeps every line short however long the thread grows.
        if !references.isEmpty { headers.append("References: " + references.joined(separator: "\r\n ")) }
        headers += [
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "X-Mailer: pmops",
        ]
        let bodyLines = body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + bodyLines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 2047 encoded-word for non-ASCII subjects.
    static func encodeHeader(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.utf8.allSatisfy({ $0 < 0x80 }) { return clean }
        return "=?UTF-8?B?\(Data(clean.utf8).base64EncodedString())?="
    }
}

/// Delivers one message or throws a sentence saying why not.
public enum MailDelivery {
    public static func deliver(_ message: MailMessage, via spec: MailTransportSpec) throws(OpsError) {
        let host = ProcessInfo.processInfo.hostName
        let text = message.rfc5322(hostname: host)
        switch spec {
        case let .maildir(path): try writeMaildir(text, id: message.id, root: path, host: host)
        case let .sendmail(command): try runSendmail(text, command: command)
        }
    }

    /// Maildir delivery: write into tmp/, fsync, then rename into new/ (atomic).
    static func writeMaildir(_ text: String, id: Int64, root: String, host: String) throws(OpsError) {
        let fm = FileManager.default
        do {
            for sub in ["tmp", "new", "cur"] {
                try fm.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw .failure("Cannot create the maildir \(root): \(error.localizedDescription)")
        }
        let now = Date()
        let safeHost = host.replacingOccurrences(of: "/", with: "\\057").replacingOccurrences(of: ":", with: "\\072")
        let unique = "\(Int(now.timeIntervalSince1970)).M\(Int(now.timeIntervalSince1970 * 1_000_000) % 1_000_000)P\(getpid())Q\(id).\(safeHost)"
        let tmp = "\(root)/tmp/\(unique)", final = "\(root)/new/\(unique)"
        let fd = open(tmp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .failure("Cannot write \(tmp): \(String(cString: strerror(errno))).") }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(tmp)
                throw .failure("Cannot write \(tmp): \(reason).")
            }
            written += n
        }
        fsync(fd)
        close(fd)
        guard rename(tmp, final) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw .failure("Cannot move the message into \(root)/new: \(reason).")
        }
    }

    /// Pipes the message to a sendmail-compatible command; non-zero exit is a failure.
    static func runSendmail(_ text: String, command: [String]) throws(OpsError) {
        guard let executable = command.first else { throw .failure("No sendmail command configured.") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst())
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .failure("Cannot run \(executable): \(error.localizedDescription)")
        }
        // A command that exits without reading stdin must fail this delivery, not kill pmops:
        // with SIGPIPE ignored the write reports EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        var writeError: (any Error)?
        do { try input.fileHandleForWriting.write(contentsOf: Data(text.utf8)) } catch { writeError = error }
        try? input.fileHandleForWriting.close()
        let stderrData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let detail = String(decoding: stderrData.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw .failure("\(executable) exited with status \(process.terminationStatus)\(detail.isEmpty ? "" : ": \(Printable.quote(detail))").")
        }
        if writeError != nil {
            throw .failure("\(executable) exited before reading the whole message; it was not sent.")
        }
    }
}
