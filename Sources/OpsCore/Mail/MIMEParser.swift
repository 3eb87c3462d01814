import Foundation

/// A narrow MIME reader for the mail gateway: RFC 5322 headers with folding, RFC 2047
/// words, nested multipart, quoted-printable and base64, a few charsets. It keeps the first
/// plain text (or HTML) part and lists the rest; it never keeps attachment bytes. Every cap
/// in `MIMELimits` is checked before the work it bounds.
public enum MIMEParser {
    public static func parse(_ data: some Collection<UInt8>, limits: MIMELimits = .standard) throws(MIMEError) -> ParsedMail {
        guard data.count <= limits.maxBytes else { throw .tooLarge(bytes: data.count, limit: limits.maxBytes) }
        let bytes = ArraySlice(Array(data))
        var state = State(limits: limits)
        let (headers, body) = splitHeaders(bytes)
        guard !headers.isEmpty else { throw .malformed("it has no header section") }
        try walk(headers: headers, body: body, depth: 0, defaultType: "text/plain", state: &state)
        func first(_ name: String) -> String? { headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
        return ParsedMail(
            headers: headers,
            subject: first("Subject").map { EncodedWords.decode($0).trimmingCharacters(in: .whitespaces) },
            from: first("From").flatMap(MIMEHeaderValues.address),
            messageID: first("Message-ID").flatMap { MIMEHeaderValues.messageIDs($0).first },
            inReplyTo: first("In-Reply-To").map(MIMEHeaderValues.messageIDs) ?? [],
            references: first("References").map(MIMEHeaderValues.messageIDs) ?? [],
            plainText: state.plain, htmlText: state.html, attachments: state.attachments, partCount: state.parts)
    }

    struct State {
        var limits: MIMELimits
        var parts = 0
        var plain: String?
        var html: String?
        var attachments: [MailAttachment] = []
    }

    // MARK: - Entities

    static func walk(headers: [MIMEHeader], body: ArraySlice<UInt8>, depth: Int, defaultType: String, state: inout State) throws(MIMEError) {
        state.parts += 1
        guard state.parts <= state.limits.maxParts else { throw .tooManyParts(limit: state.limits.maxParts) }
        func first(_ name: String) -> String? { headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
        var (type, parameters) = MIMEHeaderValues.valueAndParameters(first("Content-Type") ?? "")
        if type.split(separator: "/").count != 2 { (type, parameters) = (defaultType, [:]) }
        if type.hasPrefix("multipart/") {
            guard depth < state.limits.maxDepth else { throw .tooDeep(limit: state.limits.maxDepth) }
            guard let boundary = parameters["boundary"], !boundary.isEmpty else { throw .malformed("a \(type) part has no boundary") }
            let childDefault = type == "multipart/digest" ? "message/rfc822" : "text/plain"
            for part in try splitMultipart(body, boundary: boundary) {
                let (partHeaders, partBody) = splitHeaders(part)
                try walk(headers: partHeaders, body: partBody, depth: depth + 1, defaultType: childDefault, state: &state)
            }
            return
        }
        let (disposition, dispositionParameters) = MIMEHeaderValues.valueAndParameters(first("Content-Disposition") ?? "")
        let isAttachment = disposition == "attachment"
        let decoded = MailDecoding.body(body, encoding: first("Content-Transfer-Encoding"))
        if !isAttachment && type == "text/plain" && state.plain == nil {
            state.plain = lineFeeds(MailDecoding.text(decoded, charset: parameters["charset"]))
        } else if !isAttachment && type == "text/html" && state.html == nil {
            state.html = lineFeeds(MailDecoding.text(decoded, charset: parameters["charset"]))
        } else {
            state.attachments.append(MailAttachment(name: dispositionParameters["filename"] ?? parameters["name"], contentType: type, size: decoded.count))
        }
    }

    static func lineFeeds(_ text: String) -> String {
        text.contains("\r") ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    }

    // MARK: - Headers

    /// The header lines (unfolded: a line break before whitespace is removed) and the body
    /// after the first empty line. A line that is neither a header nor a continuation
    /// starts the body, as mail readers do.
    static func splitHeaders(_ bytes: ArraySlice<UInt8>) -> ([MIMEHeader], ArraySlice<UInt8>) {
        var headers: [MIMEHeader] = []
        var current: (name: String, value: [UInt8])?
        var index = bytes.startIndex
        var bodyStart = bytes.endIndex
        var firstLine = true
        func finish() {
            if let done = current { headers.append(MIMEHeader(name: done.name, value: String(decoding: done.value, as: UTF8.self))) }
            current = nil
        }
        while index < bytes.endIndex {
            let lineEnd = bytes[index...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var contentEnd = lineEnd
            if contentEnd > index && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = bytes[index..<contentEnd]
            let next = lineEnd < bytes.endIndex ? lineEnd + 1 : lineEnd
            defer { firstLine = false }
            if line.isEmpty { bodyStart = next; break }
            if let lead = line.first, lead == 0x20 || lead == 0x09, current != nil {
                current?.value += line
                index = next
                continue
            }
            if firstLine && line.starts(with: Array("From ".utf8)) { index = next; continue }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                bodyStart = index
                break
            }
            finish()
            var valueStart = colon + 1
            while valueStart < line.endIndex && (line[valueStart] == 0x20 || line[valueStart] == 0x09) { valueStart += 1 }
            current = (String(decoding: line[line.startIndex..<colon], as: UTF8.self), Array(line[valueStart...]))
            index = next
        }
        finish()
        if index >= bytes.endIndex { bodyStart = bytes.endIndex }
        return (headers, bytes[bodyStart...])
    }

    // MARK: - Multipart

    /// The parts between `--boundary` lines; the preamble and epilogue are dropped, the
    /// line break before a delimiter belongs to it. A missing closing delimiter ends the
    /// last part at the end of the body; no delimiter at all is malformed.
    static func splitMultipart(_ body: ArraySlice<UInt8>, boundary: String) throws(MIMEError) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var index = body.startIndex
        var sawDelimiter = false
        while index < body.endIndex {
            let lineEnd = body[index...].firstIndex(of: 0x0A) ?? body.endIndex
            let next = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
            if body[index...].starts(with: delimiter) {
                var rest = index + delimiter.count
                var closing = false
                if rest + 1 < lineEnd, body[rest] == UInt8(ascii: "-"), body[rest + 1] == UInt8(ascii: "-") { closing = true; rest += 2 }
                if body[rest..<lineEnd].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    sawDelimiter = true
                    if let start = partStart {
                        var end = index
                        if end > start && body[end - 1] == 0x0A { end -= 1 }
                        if end > start && body[end - 1] == 0x0D { end -= 1 }
                        parts.append(body[start..<max(start, end)])
                    }
                    if closing { return parts }
                    partStart = next
                }
            }
            index = next
        }
        guard sawDelimiter else { throw .malformed("the multipart boundary \(Printable.excerpt(boundary)) never appears") }
        if let start = partStart { parts.append(body[start...]) }
        return parts
    }
}
