import Foundation

/// Structured header values: `Content-Type`/`Content-Disposition` with parameters (quoted,
/// RFC 2231 continued and percent-encoded, RFC 2047 in values), addresses and message ids.
public enum MIMEHeaderValues {
    /// `type/subtype; key=value; …` → the lowercased value and its parameters (keys lowercased).
    public static func valueAndParameters(_ header: String) -> (value: String, parameters: [String: String]) {
        let pieces = splitParameters(header)
        let value = (pieces.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        var plain: [String: String] = [:]
        var extended: [String: [(index: Int, encoded: Bool, text: String)]] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let rawKey = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let text = unquote(piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces))
            guard !rawKey.isEmpty else { continue }
            if let star = rawKey.firstIndex(of: "*") {
                let name = String(rawKey[..<star])
                let tail = rawKey[rawKey.index(after: star)...]
                let encoded = tail.hasSuffix("*") || tail.isEmpty
                let index = Int(tail.trimmingCharacters(in: CharacterSet(charactersIn: "*"))) ?? 0
                extended[name, default: []].append((index, encoded, text))
            } else if plain[rawKey] == nil {
                plain[rawKey] = EncodedWords.decode(text)
            }
        }
        for (name, segments) in extended {
            let ordered = segments.sorted { $0.index < $1.index }
            var charset: String?
            var bytes: [UInt8] = []
            for (position, segment) in ordered.enumerated() {
                var text = Substring(segment.text)
                if segment.encoded {
                    if position == 0 {
                        let fields = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if fields.count == 3 {
                            charset = String(fields[0])
                            text = fields[2]
                        }
                    }
                    bytes += percentDecoded(text)
                } else {
                    bytes += Array(text.utf8)
                }
            }
            plain[name] = MailDecoding.text(bytes, charset: charset ?? "utf-8")
        }
        return (value, plain)
    }

    /// Splits at `;` outside quotes.
    static func splitParameters(_ header: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in header {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" && quoted { current.append(character); escaped = true; continue }
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                pieces.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }

    /// `"a \"b\""` → `a "b"`; an unquoted value is returned as is.
    static func unquote(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        var out = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped { out.append(character); escaped = false } else if character == "\\" { escaped = true } else { out.append(character) }
        }
        return out
    }

    static func percentDecoded(_ text: Substring) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let high = MailDecoding.hexValue(bytes[i + 1]),
               let low = MailDecoding.hexValue(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// The `<…>` ids in a `Message-ID`, `In-Reply-To` or `References` value, in order.
    public static func messageIDs(_ value: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let id = rest[open...close]
            if id.count > 2, id.count <= 998, !id.dropFirst().dropLast().contains(where: { $0 == "<" || $0.isWhitespace }) {
                ids.append(String(id))
            }
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }

    /// The first address of a `From:` value: `Name <a@b>`, `"Name" <a@b>` or `a@b`.
    public static func address(_ raw: String) -> MailAddress? {
        let value = raw.trimmingCharacters(in: .whitespaces)
        if let close = value.lastIndex(of: ">"), let open = value[..<close].lastIndex(of: "<") {
            let email = value[value.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            guard !email.isEmpty else { return nil }
            let phrase = value[..<open].trimmingCharacters(in: .whitespaces)
            let name: String
            if phrase.hasPrefix("\""), phrase.hasSuffix("\""), phrase.count >= 2 {
                name = EncodedWords.decode(unquote(phrase))
            } else {
                name = EncodedWords.decode(phrase).split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            }
            return MailAddress(name: name, email: email)
        }
        let email = value.split(separator: " ").first.map(String.init) ?? ""
        return email.contains("@") ? MailAddress(name: "", email: email) : nil
    }
}
