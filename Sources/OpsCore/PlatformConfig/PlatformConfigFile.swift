import Foundation

/// The file `config export` writes and `config verify FILE` reads, in OpsCore so the fuzz
/// target reaches it (Docs/FUZZING.md, `FuzzPlatformConfig`): JSON through Foundation's
/// decoder, YAML through the flat subset `yaml(…)` writes (top-level scalars and one
/// `settings` mapping of scalars; double-quoted strings with their escapes).
///
/// Caps: the file ≤ 4 MiB (`maxBytes`), ≤ 10,000 settings (`maxSettings`); every refusal is
/// `OpsError.invalid(field: "file", …)`, a YAML one naming its line.
public enum PlatformConfigFile {
    public static let maxBytes = 4 << 20
    public static let maxSettings = 10_000

    public struct Parsed: Sendable, Equatable {
        public let environment: ConfigEnvironment
        public let revision: Int
        public let sha256: String
        /// Canonical text per key.
        public let settings: [String: String]
    }

    /// Reads a file's bytes; `path` only names it in the refusals.
    public static func read(_ data: Data, path: String) throws(OpsError) -> Parsed {
        guard data.count <= maxBytes, let text = String(data: data, encoding: .utf8) else {
            throw .invalid(field: "file", message: "\(path) is not a pmops configuration export (not UTF-8 text under 4 MB).")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.hasPrefix("{") ? try json(data, path: path) : try yaml(text, path: path)
    }

    // MARK: - Writing

    /// The JSON export of one environment's settings (`entries` in key order).
    public static func json(environment: ConfigEnvironment, revision: Int, sha256: String, entries: [(key: String, value: String)],
                            registry: PlatformRegistry) -> String {
        var out = "{\n  \"environment\": \(quote(environment.rawValue, yaml: false)),\n  \"revision\": \(revision),\n  \"sha256\": \(quote(sha256, yaml: false)),\n  \"settings\": {\n"
        out += entries.map { e in "    \(quote(e.key, yaml: false)): \(scalar(e.key, e.value, registry: registry, yaml: false))" }.joined(separator: ",\n")
        return out + "\n  }\n}\n"
    }

    /// The YAML export: the same fields, a flat subset any YAML reader reads.
    public static func yaml(environment: ConfigEnvironment, revision: Int, sha256: String, entries: [(key: String, value: String)],
                            registry: PlatformRegistry) -> String {
        var out = "# PenguinMails platform configuration, written by pmops config export.\n"
        out += "environment: \(quote(environment.rawValue, yaml: true))\nrevision: \(revision)\nsha256: \(quote(sha256, yaml: true))\nsettings:\n"
        for e in entries { out += "  \(quote(e.key, yaml: true)): \(scalar(e.key, e.value, registry: registry, yaml: true))\n" }
        return out
    }

    /// Numbers and booleans bare, everything else quoted.
    static func scalar(_ key: String, _ value: String, registry: PlatformRegistry, yaml: Bool) -> String {
        switch registry[key]?.type {
        case .int?, .bool?: value
        default: quote(value, yaml: yaml)
        }
    }

    /// A double-quoted scalar: JSON's escapes, which YAML's double-quoted style shares;
    /// YAML also needs NEL, the line and paragraph separators and the BOM escaped.
    public static func quote(_ text: String, yaml: Bool) -> String {
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

    // MARK: - Reading
    private struct JSONFile: Decodable {
        let environment: String
        let revision: Int
        let sha256: String
        let settings: [String: Scalar]
    }

    private struct Scalar: Decodable {
        let text: String
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { text = b ? "true" : "false"
            } else if let n = try? c.decode(Int64.self) { text = String(n)
            } else { text = try c.decode(String.self) }
        }
    }

    static func json(_ data: Data, path: String) throws(OpsError) -> Parsed {
        let file: JSONFile
        do { file = try JSONDecoder().decode(JSONFile.self, from: data) } catch {
            throw .invalid(field: "file", message: "\(path) is not a pmops configuration export (JSON with environment, revision, sha256 and settings).")
        }
        return try parsed(file.environment, file.revision, file.sha256, file.settings.mapValues(\.text))
    }

    /// Read by Unicode scalar, not by `Character`: a combining mark after a quote or a
    /// backslash would join them into one grapheme (found by `FuzzPlatformConfig`: such a
    /// value was written and then refused), and `\r\n` is one `Character`, not a line end.
    static func yaml(_ text: String, path: String) throws(OpsError) -> Parsed {
        func refuse(_ line: Int) -> OpsError {
            .invalid(field: "file", message: "\(path) line \(line) is not part of a pmops configuration export (flat YAML of quoted scalars).")
        }
        var top: [String: String] = [:]
        var settings: [String: String] = [:]
        var inSettings = false
        for (index, raw) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Array(raw)
            if line.last == "\r" { line.removeLast() }
            let indented = line.first == " "
            let content = trimmed(line[...])
            if content.isEmpty || content.first == "#" { continue }
            guard let (key, rest) = splitKey(content) else { throw refuse(index + 1) }
            if !indented {
                if key == "settings", rest.isEmpty { inSettings = true; continue }
                inSettings = false
                guard let value = scalar(rest) else { throw refuse(index + 1) }
                top[key] = value
            } else {
                guard inSettings, let value = scalar(rest), settings[key] == nil else { throw refuse(index + 1) }
                settings[key] = value
            }
        }
        guard let env = top["environment"], let revisionText = top["revision"], let revision = Int(revisionText), let sha = top["sha256"] else {
            throw .invalid(field: "file", message: "\(path) lacks environment, revision or sha256; it is not a pmops configuration export.")
        }
        return try parsed(env, revision, sha, settings)
    }

    private static func parsed(_ env: String, _ revision: Int, _ sha: String, _ settings: [String: String]) throws(OpsError) -> Parsed {
        guard settings.count <= maxSettings else {
            throw .invalid(field: "file", message: "the file has \(settings.count) settings; the limit is \(maxSettings).")
        }
        return Parsed(environment: try ConfigEnvironment.parse(env), revision: revision, sha256: sha.lowercased(), settings: settings)
    }

    typealias Scalars = ArraySlice<Unicode.Scalar>

    static func text(_ scalars: Scalars) -> String { String(String.UnicodeScalarView(scalars)) }

    /// Without spaces and tabs at either end (what `.whitespaces` trims, by scalar).
    static func trimmed(_ scalars: Scalars) -> Scalars {
        let blank = { (s: Unicode.Scalar) in s.properties.isWhitespace && s != "\n" && s != "\r" && s != "\u{0B}" && s != "\u{0C}" && s != "\u{85}" && s != "\u{2028}" && s != "\u{2029}" }
        guard let first = scalars.firstIndex(where: { !blank($0) }), let last = scalars.lastIndex(where: { !blank($0) }) else { return [] }
        return scalars[first...last]
    }

    /// `"key": rest` or `key: rest`.
    private static func splitKey(_ content: Scalars) -> (String, Scalars)? {
        if content.first == "\"" {
            guard let (key, end) = unquote(content) else { return nil }
            let after = content[end...]
            guard after.first == ":" else { return nil }
            return (key, trimmed(after.dropFirst()))
        }
        guard let colon = content.firstIndex(of: ":") else { return nil }
        return (text(content[..<colon]), trimmed(content[(colon + 1)...]))
    }

    private static func scalar(_ rest: Scalars) -> String? {
        guard let first = rest.first else { return nil }
        guard first == "\"" else { return first == "'" || first == "{" || first == "[" ? nil : text(rest) }
        guard let (value, end) = unquote(rest), trimmed(rest[end...]).isEmpty else { return nil }
        return value
    }

    /// A double-quoted scalar at the start of `scalars`: its value and the index after it.
    private static func unquote(_ scalars: Scalars) -> (String, Int)? {
        var out = String.UnicodeScalarView()
        var i = scalars.startIndex + 1
        while i < scalars.endIndex {
            let c = scalars[i]
            if c == "\"" { return (String(out), i + 1) }
            guard c == "\\" else { out.append(c); i += 1; continue }
            guard i + 1 < scalars.endIndex else { return nil }
            switch scalars[i + 1] {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "/": out.append("/")
            case "u":
                guard i + 6 <= scalars.endIndex, let v = UInt32(text(scalars[(i + 2)..<(i + 6)]), radix: 16), let s = Unicode.Scalar(v) else { return nil }
                out.append(s)
                i += 6
                continue
            default: return nil
            }
            i += 2
        }
        return nil
    }
}
