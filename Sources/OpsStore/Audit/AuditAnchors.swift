import Foundation

/// The anchor file beside a store (`STORE.anchors`): one JSON line
/// `{"at":…,"audit_id":…,"hash":…}` per write transaction that moved the audit head,
/// appended with `O_APPEND` at mode 0600.
///
/// Whoever rewrites the database must now also rewrite this file consistently, so a
/// rolled-back tail, a rehashed chain or an emptied trail shows in `audit verify`. It is
/// no protection against someone who can also rewrite this file: make it append-only
/// (`chattr +a`) or copy it off the host; both are ops decisions. Lines are not fsynced
/// (a crash may lose the last ones; verify uses the highest anchor it can read).
public enum AuditAnchors {
    public static func path(forStore store: String) -> String { store + ".anchors" }

    /// Appends one line; failures are ignored because the change is already committed and
    /// an unwritable anchor file must not make a committed change look failed.
    static func append(_ anchor: AuditAnchor, store: String) {
        let fd = open(path(forStore: store), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let line = #"{"at":"\#(anchor.at)","audit_id":\#(anchor.auditID),"hash":"\#(anchor.hash)"}"# + "\n"
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// How far back the latest anchor is looked for: lines are ~110 bytes, and only the
    /// highest anchor matters (the chain fixes every row before it).
    static let tailBytes = 64 * 1_024

    /// The anchor with the highest audit id among the last lines of the file; nil when
    /// the file is missing, unreadable or holds no valid line.
    public static func latest(store: String) -> AuditAnchor? {
        guard let handle = FileHandle(forReadingAtPath: path(forStore: store)) else { return nil }
        defer { try? handle.close() }
        let end = (try? handle.seekToEnd()) ?? 0
        let start = end > UInt64(tailBytes) ? end - UInt64(tailBytes) : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd() else { return nil }
        var lines = data.split(separator: UInt8(ascii: "\n"))
        if start > 0, !lines.isEmpty { lines.removeFirst() }  // probably cut in half
        return lines.compactMap(parse).max { $0.auditID < $1.auditID }
    }

    static func parse(_ line: Data.SubSequence) -> AuditAnchor? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
              let at = object["at"] as? String, let id = (object["audit_id"] as? NSNumber)?.int64Value,
              let hash = object["hash"] as? String, hash.utf8.count == 64, id > 0 else { return nil }
        return AuditAnchor(at: at, auditID: id, hash: hash)
    }
}
