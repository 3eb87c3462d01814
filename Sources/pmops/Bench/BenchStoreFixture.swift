import Foundation
import OpsCore
import OpsFixtures
import OpsStore

/// The benchmark store: a WAL file store in a temp directory holding the operator (the
/// OS login running the bench, a super_admin, so `pmops users list` can be spawned
/// against it) plus generated accounts and audit rows.
///
/// Building 1,000,000 audit rows takes a while, so the file is kept and reused while its
/// `.ready` marker matches `version`, the sizes and this build's schema migrations (a
/// store migrated by a newer build is refused by an older one, so each schema gets its
/// own file). Bump `version` whenever `loadBenchmarkFixtures` changes what it writes.
struct BenchStoreFixture {
    static let version = 1

    var path: String
    var accounts: Int
    var auditRows: Int
    var operatorLogin: String

    /// The default cache location, keyed by everything that changes the contents.
    static func defaultPath(accounts: Int, auditRows: Int, operatorLogin: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pmops-bench").path
        return "\(dir)/store-v\(version)-\(accounts)a-\(auditRows)r-\(operatorLogin)-s\(schemaTag).sqlite"
    }

    /// The schema this build writes: its migration names.
    static var schema: String { AppDatabase.knownMigrations.joined(separator: ",") }

    /// A short stable tag of `schema` for file names (FNV-1a, 32 bits).
    static var schemaTag: String {
        let hash = schema.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }
        return String(hash, radix: 16)
    }

    var markerPath: String { path + ".ready" }

    var marker: String {
        "pmops-bench-fixture v\(Self.version) accounts=\(accounts) audit_rows=\(auditRows) operator=\(operatorLogin) migrations=\(Self.schema)\n"
    }

    /// Logins of the generated accounts (the operator is not among them).
    var benchLogins: [String] { (0..<(accounts - 1)).map { "bench\($0)" } }

    var isReady: Bool {
        (try? String(contentsOfFile: markerPath, encoding: .utf8)) == marker && FileManager.default.fileExists(atPath: path)
    }

    /// Opens the cached store, building it first when missing or stale. Returns the store
    /// and the build time (nil when the cache was used).
    func open(rebuild: Bool, progress: (String) -> Void) throws(OpsError) -> (AppDatabase, buildSeconds: Double?) {
        if !rebuild, isReady { return (try AppDatabase(path: path, create: false), nil) }
        try removeStaleFiles()
        let start = BenchClock.nanos()
        let db = try AppDatabase(path: path, create: true)
        _ = try db.initialize(login: operatorLogin, displayName: "Benchmark Operator",
                              email: "\(operatorLogin)@bench.example.com")
        try db.loadBenchmarkFixtures(accounts: accounts - 1, auditRows: auditRows - 1, progress: progress)
        let seconds = Double(BenchClock.nanos() - start) / 1e9
        do {
            try marker.write(toFile: markerPath, atomically: true, encoding: .utf8)
        } catch {
            throw .failure("Cannot write \(markerPath): \(error.localizedDescription)")
        }
        return (db, seconds)
    }

    /// Deletes a previous fixture, but never a file that is not one: a `--fixture` pointing
    /// at a real store is refused rather than overwritten.
    private func removeStaleFiles() throws(OpsError) {
        let fm = FileManager.default
        let dir = (path as NSString).deletingLastPathComponent
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .failure("Cannot create \(dir): \(error.localizedDescription)")
        }
        guard fm.fileExists(atPath: path) else { return }
        guard fm.fileExists(atPath: markerPath) else {
            throw .conflict("\(path) exists but is not a benchmark fixture (no \((markerPath as NSString).lastPathComponent)); choose another --fixture.")
        }
        for file in [path, path + "-wal", path + "-shm", markerPath] where fm.fileExists(atPath: file) {
            do { try fm.removeItem(atPath: file) } catch {
                throw .failure("Cannot remove the stale fixture \(file): \(error.localizedDescription)")
            }
        }
    }

    /// Facts printed with the report.
    func describe(buildSeconds: Double?) -> [String: String] {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let built = buildSeconds.map { String(format: "built in %.1f s", $0) } ?? "cached"
        return ["fixture": "\(path) (\(accounts) accounts, \(auditRows) audit rows, \(bytes / 1_048_576) MiB, v\(Self.version), \(built))"]
    }
}
