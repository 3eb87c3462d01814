import Foundation
import OpsCore
import OpsStore

/// The file `config export` writes and `config verify FILE` reads: the environment, its
/// revision, the SHA-256 of the canonical `key=value` lines, and the settings with typed
/// scalars (numbers, booleans, quoted strings). YAML is a flat subset written and read
/// here (no YAML library is a dependency); a test reads it back with PyYAML.
enum ConfigFile {
    struct Parsed {
        let environment: ConfigEnvironment
        let revision: Int
        let sha256: String
        /// Canonical text per key.
        let settings: [String: String]
    }

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

    enum Scalar { case number(String), bool(String), string(String) }

    static func scalar(_ key: String, _ value: String, registry: PlatformRegistry) -> Scalar {
        switch registry[key]?.type {
        case .int?: .number(value)
        case .bool?: .bool(value)
        default: .string(value)
        }
    }

    static func json(_ s: ConfigSnapshot, registry: PlatformRegistry) -> String {
        var out = "{\n  \"environment\": \(quoteJSON(s.environment.rawValue)),\n  \"revision\": \(s.revision),\n  \"sha256\": \(quoteJSON(s.sha256)),\n  \"settings\": {\n"
        out += s.entries.map { e in
            let value = switch scalar(e.key, e.value, registry: registry) {
            case let .number(text), let .bool(text): text
            case let .string(text): quoteJSON(text)
            }
            return "    \(quoteJSON(e.key)): \(value)"
        }.joined(separator: ",\n")
        return out + "\n  }\n}\n"
    }

    static func yaml(_ s: ConfigSnapshot, registry: PlatformRegistry) -> String {
        var out = "# PenguinMails platform configuration, written by pmops config export.\n"
        out += "environment: \(quoteYAML(s.environment.rawValue))\nrevision: \(s.revision)\nsha256: \(quoteYAML(s.sha256))\nsettings:\n"
        for e in s.entries {
            let value = switch scalar(e.key, e.value, registry: registry) {
            case let .number(text), let .bool(text): text
            case let .string(text): quoteYAML(text)
            }
            out += "  \(quoteYAML(e.key)): \(value)\n"
        }
        return out
    }

    static func quoteJSON(_ text: String) -> String { quote(text, yaml: false) }
    static func quoteYAML(_ text: String) -> String { quote(text, yaml: true) }

    /// A double-quoted scalar: JSON's escapes, which YAML's double-quoted style shares;
    /// YAML also needs NEL, the line and paragraph separators and the BOM escaped.
    static func quote(_ text: String, yaml: Bool) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F || (yaml && [0x85, 0x2028, 0x2029, 0xFEFF].contains(v)) {
                    out += String(format: "\\u%04X", v)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
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
        guard data.count <= 4 << 20, let text = String(data: data, encoding: .utf8) else {
            throw .invalid(field: "file", message: "\(path) is not a pmops configuration export (not UTF-8 text under 4 MB).")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let fields = trimmed.hasPrefix("{") ? try ConfigFileReader.json(data, path: path) : try ConfigFileReader.yaml(text, path: path)
        return fields
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
