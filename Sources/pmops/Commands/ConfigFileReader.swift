import Foundation
import OpsCore

/// Reads an exported configuration file back: JSON through Foundation's decoder, YAML
/// through the flat subset `ConfigFile.yaml` writes (top-level scalars and one `settings`
/// mapping of scalars; double-quoted strings with their escapes).
enum ConfigFileReader {
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

    static func json(_ data: Data, path: String) throws(OpsError) -> ConfigFile.Parsed {
        let file: JSONFile
        do { file = try JSONDecoder().decode(JSONFile.self, from: data) } catch {
            throw .invalid(field: "file", message: "\(path) is not a pmops configuration export (JSON with environment, revision, sha256 and settings).")
        }
        return try parsed(file.environment, file.revision, file.sha256, file.settings.mapValues(\.text))
    }

    static func yaml(_ text: String, path: String) throws(OpsError) -> ConfigFile.Parsed {
        func refuse(_ line: Int) -> OpsError {
            .invalid(field: "file", message: "\(path) line \(line) is not part of a pmops configuration export (flat YAML of quoted scalars).")
        }
        var top: [String: String] = [:]
        var settings: [String: String] = [:]
        var inSettings = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            let content = line.trimmingCharacters(in: .whitespaces)
            if content.isEmpty || content.hasPrefix("#") { continue }
            let indented = line.hasPrefix(" ")
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

    private static func parsed(_ env: String, _ revision: Int, _ sha: String, _ settings: [String: String]) throws(OpsError) -> ConfigFile.Parsed {
        ConfigFile.Parsed(environment: try ConfigEnvironment.parse(env), revision: revision, sha256: sha.lowercased(), settings: settings)
    }

    /// `"key": rest` or `key: rest`.
    private static func splitKey(_ content: String) -> (String, String)? {
        if content.hasPrefix("\"") {
            guard let (key, end) = unquote(content[...]) else { return nil }
            let after = content[end...]
            guard after.hasPrefix(":") else { return nil }
            return (key, after.dropFirst().trimmingCharacters(in: .whitespaces))
        }
        guard let colon = content.range(of: ":") else { return nil }
        return (String(content[..<colon.lowerBound]), content[colon.upperBound...].trimmingCharacters(in: .whitespaces))
    }

    private static func scalar(_ text: String) -> String? {
        guard !text.isEmpty else { return nil }
        guard text.hasPrefix("\"") else { return text.hasPrefix("'") || text.hasPrefix("{") || text.hasPrefix("[") ? nil : text }
        guard let (value, end) = unquote(text[...]), text[end...].trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return value
    }

    /// A double-quoted scalar at the start of `text`: its value and the index after it.
    private static func unquote(_ text: Substring) -> (String, String.Index)? {
        var out = ""
        var i = text.index(after: text.startIndex)
        while i < text.endIndex {
            let c = text[i]
            if c == "\"" { return (out, text.index(after: i)) }
            if c == "\\" {
                let n = text.index(after: i)
                guard n < text.endIndex else { return nil }
                switch text[n] {
                case "n": out += "\n"
                case "t": out += "\t"
                case "r": out += "\r"
                case "\"": out += "\""
                case "\\": out += "\\"
                case "/": out += "/"
                case "u":
                    let start = text.index(after: n)
                    guard let end = text.index(start, offsetBy: 4, limitedBy: text.endIndex), let v = UInt32(text[start..<end], radix: 16),
                          let s = Unicode.Scalar(v) else { return nil }
                    out.unicodeScalars.append(s)
                    i = end
                    continue
                default: return nil
                }
                i = text.index(after: n)
                continue
            }
            out.append(c)
            i = text.index(after: i)
        }
        return nil
    }
}
