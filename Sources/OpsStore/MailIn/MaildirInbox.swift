import Foundation
import OpsCore

/// A Maildir the gateway reads: messages wait in new/, and once placed (or quarantined)
/// move to cur/ with the Seen flag (`:2,S`), so the next run skips them. The move comes
/// after the store commit: a crash in between leaves the file in new/, and the next run
/// sees its Message-ID as a duplicate and only moves it.
public struct MaildirInbox: Sendable {
    public let root: String
    public init(root: String) { self.root = root }

    /// `maildir:PATH` → the inbox; anything else is a usage error.
    public static func parse(_ text: String) throws(OpsError) -> MaildirInbox {
        guard text.hasPrefix("maildir:"), text.count > "maildir:".count else {
            throw .invalid(field: "source", message: "\(Printable.excerpt(text)) is not a mailbox; give maildir:PATH.")
        }
        return MaildirInbox(root: String(text.dropFirst("maildir:".count)))
    }

    /// The files waiting in new/, oldest name first (Maildir names start with the time).
    public func waiting() throws(OpsError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root + "/new", isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notFound("No Maildir at \(Printable.excerpt(root)) (it needs new/ and cur/).")
        }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: root + "/new").filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw .failure("Cannot list \(root)/new: \(error.localizedDescription)")
        }
    }

    /// One message; its bytes only when it fits `cap` (a larger one is quarantined unread).
    public func read(_ name: String, cap: Int = MIMELimits.standard.maxBytes) throws(OpsError) -> IncomingMail {
        let path = root + "/new/" + name
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .failure("Cannot read \(path).") }
        defer { try? handle.close() }
        var info = stat()
        let size = fstat(handle.fileDescriptor, &info) == 0 ? Int(info.st_size) : 0
        let bytes = size > cap ? nil : ((try? handle.read(upToCount: cap + 1)) ?? Data())
        return IncomingMail(mailbox: root, file: name, bytes: bytes, size: bytes.map { max(size, $0.count) } ?? size)
    }

    /// Moves a handled message to cur/ with the Seen flag (other flags kept).
    public func markSeen(_ name: String) throws(OpsError) {
        let base = name.split(separator: ":", maxSplits: 1).first.map(String.init) ?? name
        var flags = Set("S")
        if let info = name.range(of: ":2,") { flags.formUnion(name[info.upperBound...]) }
        let target = root + "/cur/" + base + ":2," + String(flags.sorted())
        do {
            try FileManager.default.createDirectory(atPath: root + "/cur", withIntermediateDirectories: true)
        } catch {
            throw .failure("Cannot create \(root)/cur: \(error.localizedDescription)")
        }
        guard rename(root + "/new/" + name, target) == 0 else {
            throw .failure("Cannot move \(name) to \(root)/cur: \(String(cString: strerror(errno))).")
        }
    }
}
