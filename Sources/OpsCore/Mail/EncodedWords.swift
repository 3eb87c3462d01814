import Foundation

/// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in unstructured header text. Words are
/// split at whitespace; whitespace between two encoded words is dropped, as the RFC says.
public enum EncodedWords {
    public static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        var result = ""
        var pendingSpace = ""
        var lastWasEncoded = false
        var token = ""
        func flushToken() {
            guard !token.isEmpty else { return }
            if let decoded = decodeToken(token) {
                if !lastWasEncoded { result += pendingSpace }
                result += decoded
                lastWasEncoded = true
            } else {
                result += pendingSpace + token
                lastWasEncoded = false
            }
            pendingSpace = ""
            token = ""
        }
        for character in text {
            if character == " " || character == "\t" {
                flushToken()
                pendingSpace.append(character)
            } else {
                token.append(character)
            }
        }
        flushToken()
        return result + pendingSpace
    }

    /// A token made only of encoded words (some clients run them together), decoded; nil
    /// when any part of it is not one.
    static func decodeToken(_ token: String) -> String? {
        guard token.hasPrefix("=?"), token.hasSuffix("?=") else { return nil }
        var rest = Substring(token)
        var out = ""
        while !rest.isEmpty {
            guard let (word, after) = oneWord(rest) else { return nil }
            out += word
            rest = after
        }
        return out
    }

    /// One encoded word at the start of `text` and what follows it.
    static func oneWord(_ text: Substring) -> (String, Substring)? {
        guard text.hasPrefix("=?") else { return nil }
        let parts = text.dropFirst(2)
        guard let q1 = parts.firstIndex(of: "?") else { return nil }
        let charset = parts[..<q1]
        let afterCharset = parts[parts.index(after: q1)...]
        guard let q2 = afterCharset.firstIndex(of: "?"), afterCharset.distance(from: afterCharset.startIndex, to: q2) == 1 else { return nil }
        let encoding = afterCharset[afterCharset.startIndex].lowercased()
        let payloadStart = afterCharset.index(after: q2)
        guard let end = afterCharset[payloadStart...].range(of: "?=") else { return nil }
        let payload = afterCharset[payloadStart..<end.lowerBound]
        guard !charset.isEmpty, !payload.contains("?") || encoding == "b" else { return nil }
        let bytes: [UInt8]
        switch encoding {
        case "b": bytes = MailDecoding.base64(Array(payload.utf8))
        case "q": bytes = MailDecoding.quotedPrintable(Array(payload.utf8), header: true)
        default: return nil
        }
        return (MailDecoding.text(bytes, charset: String(charset)), afterCharset[end.upperBound...])
    }
}
