import Foundation
import OpsCore

/// A spool folder of Stripe webhook deliveries, written by a webhook relay (issue 18): each
/// delivery is one file, written in `tmp/` and renamed into `new/` (as Maildir does), holding
/// the `Stripe-Signature` header line, a blank line and the raw body byte for byte:
///
///     Stripe-Signature: t=1700000000,v1=5257a869…
///
///     {"id": "evt_…", "object": "event", …}
///
/// A pass ingests each file in name order (`ingestBillingEvent`, its own transaction) and
/// moves it to `done/`. A file that is refused (bad signature, not an event, over 1 MiB) is
/// quarantined, never dropped: it moves to `refused/` with a `NAME.reason` file beside it.
public struct StripeSpool: Sendable {
    public let root: String
    public init(root: String) { self.root = root }

    /// One delivery's fate.
    public struct Result: Codable, Equatable, Sendable {
        public var file: String
        /// applied, superseded, unmodelled, duplicate, or refused.
        public var outcome: String
        public var event: String?
        public var reason: String?
    }

    /// One pass: what happened to each file, and the files that could not be read or moved
    /// (left in `new/` for the next pass).
    public struct Batch: Codable, Equatable, Sendable {
        public var results: [Result] = []
        public var failures: [String] = []
        public func count(_ outcome: String) -> Int { results.filter { $0.outcome == outcome }.count }
    }

    public static let outcomes = ["applied", "superseded", "unmodelled", "duplicate", "refused"]

    /// Splits a delivery into its header value and body; nil when it has no header line.
    static func split(_ bytes: [UInt8]) -> (signature: String, body: [UInt8])? {
        guard let newline = bytes.firstIndex(of: 0x0A) else { return nil }
        var line = bytes[..<newline]
        if line.last == 0x0D { line = line.dropLast() }
        guard let text = String(validating: line, as: UTF8.self) else { return nil }
        let prefix = "stripe-signature:"
        guard text.lowercased().hasPrefix(prefix) else { return nil }
        var rest = bytes[(newline + 1)...]
        if rest.first == 0x0D { rest = rest.dropFirst() }
        guard rest.first == 0x0A else { return nil }
        return (String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces), Array(rest.dropFirst()))
    }

    /// Ingests up to `limit` waiting deliveries (oldest name first). A refused permission
    /// ends the pass (no file would fare better) and leaves the files where they are.
    public func receiveAll(into store: AppDatabase, secret: String, tolerance: Int64 = StripeSignature.defaultTolerance,
                           as context: ActorContext, limit: Int = .max) throws(OpsError) -> Batch {
        // The account must be able to ingest before any file moves, also when none is waiting.
        try store.authorize(.billingManage, context)
        let fm = FileManager.default
        let new = root + "/new"
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: new, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notFound("\(Printable.excerpt(root)) is not a spool folder (it has no new/).")
        }
        for sub in ["done", "refused"] { try? fm.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true) }
        let names = ((try? fm.contentsOfDirectory(atPath: new)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        var batch = Batch()
        for name in names.prefix(max(limit, 0)) {
            let path = new + "/" + name
            guard let handle = FileHandle(forReadingAtPath: path) else { batch.failures.append("\(name): cannot be read"); continue }
            let data = (try? handle.read(upToCount: StripeEvent.maxBytes + 4_096 + 1)) ?? Data()
            try? handle.close()
            var result = Result(file: name, outcome: "refused")
            if let (signature, body) = Self.split(Array(data)) {
                do throws(OpsError) {
                    let ingested = try store.ingestBillingEvent(body, signature: signature, secret: secret, tolerance: tolerance, as: context)
                    result.outcome = ingested.outcome
                    result.event = ingested.event
                } catch where error.exitCode == 4 && !error.description.hasPrefix("Refused the Stripe event") {
                    throw error  // the account may not ingest: stop, leave everything in new/
                } catch where error.exitCode == 1 {
                    batch.failures.append("\(name): \(error)")  // the store failed: try again next pass
                    continue
                } catch {
                    result.reason = error.description
                }
            } else {
                result.reason = "The file does not start with a Stripe-Signature line and a blank line."
            }
            let target = root + "/" + (result.outcome == "refused" ? "refused" : "done") + "/" + name
            if let reason = result.reason {
                _ = fm.createFile(atPath: target + ".reason", contents: Data((reason + "\n").utf8), attributes: [.posixPermissions: 0o600])
            }
            do { try fm.moveItem(atPath: path, toPath: target) } catch {
                batch.failures.append("\(name): cannot be moved to \(result.outcome == "refused" ? "refused" : "done")/")
                continue
            }
            batch.results.append(result)
        }
        return batch
    }
}
