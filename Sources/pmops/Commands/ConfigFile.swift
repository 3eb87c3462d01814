import Foundation
import OpsCore
import OpsStore

/// The file `config export` writes and `config verify FILE` reads: the environment, its
/// revision, the SHA-256 of the canonical `key=value` lines, and the settings with typed
/// scalars (numbers, booleans, quoted strings). YAML is a flat subset written and read by
/// `PlatformConfigFile` in OpsCore (no YAML library is a dependency); a test reads it back
/// with PyYAML.
enum ConfigFile {
    typealias Parsed = PlatformConfigFile.Parsed

    struct Report: Encodable {
        let matches: Bool
        let environment: String
        let revision: Int
        let differing: [String]
        let missing: [String]
        let unknown: [String]
        let hashValid: Bool
        enum CodingKeys: String, CodingKey { case matches, environment, revision, differing, missing, unknown, hashValid = "hash_valid" }
        var sentence: String {
            if matches { return "The file matches \(environment) revision \(revision)." }
            var parts: [String] = []
            if !differing.isEmpty { parts.append("differs in " + differing.joined(separator: ", ")) }
            if !missing.isEmpty { parts.append("lacks " + missing.joined(separator: ", ")) }
            if !unknown.isEmpty { parts.append("has unknown keys " + unknown.map { Printable.excerpt($0) }.joined(separator: ", ")) }
            if !hashValid { parts.append("its sha256 does not match its own settings") }
            return "The file does not match \(environment) revision \(revision): " + parts.joined(separator: "; ") + "."
        }
    }

    // MARK: - Writing

    static func json(_ s: ConfigSnapshot, registry: PlatformRegistry) -> String {
        PlatformConfigFile.json(environment: s.environment, revision: s.revision, sha256: s.sha256,
                                entries: s.entries.map { ($0.key, $0.value) }, registry: registry)
    }

    static func yaml(_ s: ConfigSnapshot, registry: PlatformRegistry) -> String {
        PlatformConfigFile.yaml(environment: s.environment, revision: s.revision, sha256: s.sha256,
                                entries: s.entries.map { ($0.key, $0.value) }, registry: registry)
    }

    static func writeAtomically(_ text: String, to path: String) throws(OpsError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .failure("Cannot write \(path): \(String(cString: strerror(errno))).") }
        do throws(OpsError) {
            try CLI.write(Array(text.utf8), to: fd, what: path)
            guard fsync(fd) == 0 else { throw .failure("Cannot write \(path): \(String(cString: strerror(errno))).") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .failure("Cannot move the export into \(path): \(reason).")
        }
    }

    // MARK: - Reading

    static func read(_ path: String) throws(OpsError) -> Parsed {
        guard let data = FileManager.default.contents(atPath: path) else { throw .notFound("Cannot read \(path).") }
        return try PlatformConfigFile.read(data, path: path)
    }

    static func compare(_ file: Parsed, with snapshot: ConfigSnapshot) -> Report {
        let expected = snapshot.values
        let differing = expected.keys.filter { key in file.settings[key].map { $0 != expected[key] } ?? false }.sorted()
        let missing = expected.keys.filter { file.settings[$0] == nil }.sorted()
        let unknown = file.settings.keys.filter { expected[$0] == nil }.sorted()
        let hashValid = ConfigSnapshot.digest(file.settings) == file.sha256
        let matches = differing.isEmpty && missing.isEmpty && unknown.isEmpty && hashValid && file.environment == snapshot.environment
        return Report(matches: matches, environment: snapshot.environment.rawValue, revision: snapshot.revision, differing: differing,
                      missing: missing, unknown: unknown, hashValid: hashValid)
    }
}
