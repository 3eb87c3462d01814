import Foundation

/// A direct reader for webhook documents of the shape Alertmanager sends, straight from the
/// bytes into `WireWebhook`. `JSONDecoder` builds a tree of every value, then a container
/// and a coding path per field: on a payload of 1,000 alerts that was about a quarter of
/// the ingest time (BENCHMARKS.md, "Alerts: webhook ingest").
///
/// It answers nil for anything but the plain case: a repeated known key, a value of another
/// type than the field's, a null inside a map, a number that is not a small whole number,
/// an escaped key, invalid UTF-8, a lone surrogate, more alerts than the cap. The caller
/// then decodes with `JSONDecoder`, which produces the same value (`JSONDecoder` keeps
/// the first of repeated keys) or the error with its field path, so what is accepted and
/// every message stay the decoder's. `WebhookReaderTests` compares the two on the
/// captured samples and on generated and mutated documents.
///
/// It is strict JSON: it takes only documents `JSONSyntaxCheck` takes (control bytes in
/// strings, malformed numbers, nesting past the cap are all "unusual"; a value it skips is
/// checked by `JSONSyntaxCheck.valueEnd`), so the syntax pass runs only when it answers nil,
/// to give the error its byte offset.
struct WebhookReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: AlertmanagerLimits
    private var index = 0
    /// Scratch for strings with escapes.
    private var scratch: [UInt8] = []

    /// Not the plain case: let `JSONDecoder` decide.
    private struct Unusual: Error {}

    static func read(_ data: Data, limits: AlertmanagerLimits) -> WireWebhook? {
        data.withUnsafeBytes { raw -> WireWebhook? in
            var reader = WebhookReader(bytes: raw.bindMemory(to: UInt8.self), limits: limits)
            do throws(Unusual) {
                return try reader.document()
            } catch {
                return nil
            }
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, limits: AlertmanagerLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    // MARK: - The webhook's shape

    private mutating func document() throws(Unusual) -> WireWebhook {
        // The webhook's own shape nests four deep (document, alerts, alert, labels).
        guard limits.maxDepth >= 4 else { throw Unusual() }
        var hook = WireWebhook(version: "")
        var seen = Set<String>()
        try object { (reader: inout WebhookReader, key: String) throws(Unusual) in
            guard seen.insert(key).inserted else { throw Unusual() }
            switch key {
            case "version":
                guard let text = try reader.optionalString(), text == "4" else { throw Unusual() }
                hook.version = text
            case "groupKey": hook.groupKey = try reader.optionalString()
            case "truncatedAlerts": hook.truncatedAlerts = try reader.optionalInt()
            case "status": hook.status = try reader.optionalString()
            case "receiver": hook.receiver = try reader.optionalString()
            case "groupLabels": hook.groupLabels = try reader.optionalMap()
            case "commonLabels": hook.commonLabels = try reader.optionalMap()
            case "commonAnnotations": hook.commonAnnotations = try reader.optionalMap()
            case "externalURL": hook.externalURL = try reader.optionalString()
            case "alerts": hook.alerts = try reader.optionalAlerts()
            default: try reader.skipValue(depth: 1)
            }
        }
        skipSpace()
        guard seen.contains("version"), index == bytes.count else { throw Unusual() }
        return hook
    }

    private mutating func optionalAlerts() throws(Unusual) -> [WireWebhookAlert]? {
        if try null() { return nil }
        try expect(UInt8(ascii: "["))
        var alerts: [WireWebhookAlert] = []
        skipSpace()
        if try peek() == UInt8(ascii: "]") { index += 1; return alerts }
        while true {
            guard alerts.count < limits.maxAlerts else { throw Unusual() }
            alerts.append(try alert())
            skipSpace()
            switch try next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"): return alerts
            default: throw Unusual()
            }
        }
    }

    private mutating func alert() throws(Unusual) -> WireWebhookAlert {
        var alert = WireWebhookAlert()
        var seen: UInt8 = 0
        func first(_ bit: UInt8) throws(Unusual) {
            guard seen & bit == 0 else { throw Unusual() }
            seen |= bit
        }
        try object { (reader: inout WebhookReader, key: String) throws(Unusual) in
            switch key {
            case "status": try first(1); alert.status = try reader.optionalString()
            case "labels": try first(2); alert.labels = try reader.optionalMap()
            case "annotations": try first(4); alert.annotations = try reader.optionalMap()
            case "startsAt": try first(8); alert.startsAt = try reader.optionalString()
            case "endsAt": try first(16); alert.endsAt = try reader.optionalString()
            case "generatorURL": try first(32); alert.generatorURL = try reader.optionalString()
            case "fingerprint": try first(64); alert.fingerprint = try reader.optionalString()
            default: try reader.skipValue(depth: 3)
            }
        }
        return alert
    }

    // MARK: - Values

    /// `{ "key": value, … }`, calling `member` with the reader positioned at each value.
    private mutating func object(_ member: (inout WebhookReader, String) throws(Unusual) -> Void) throws(Unusual) {
        skipSpace()
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if try peek() == UInt8(ascii: "}") { index += 1; return }
        while true {
            skipSpace()
            let key = try plainKey()
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            try member(&self, key)
            skipSpace()
            switch try next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): return
            default: throw Unusual()
            }
        }
    }

    /// A string of labels or annotations; nil for null.
    private mutating func optionalMap() throws(Unusual) -> [String: String]? {
        if try null() { return nil }
        var map: [String: String] = [:]
        try object { (reader: inout WebhookReader, key: String) throws(Unusual) in
            guard try reader.peek() == UInt8(ascii: "\"") else { throw Unusual() }
            let value = try reader.string()
            guard map.updateValue(value, forKey: key) == nil else { throw Unusual() }
        }
        return map
    }

    private mutating func optionalString() throws(Unusual) -> String? {
        if try null() { return nil }
        guard try peek() == UInt8(ascii: "\"") else { throw Unusual() }
        return try string()
    }

    /// A whole number of at most 18 digits; nil for null.
    private mutating func optionalInt() throws(Unusual) -> Int? {
        if try null() { return nil }
        var negative = false
        if try peek() == UInt8(ascii: "-") { negative = true; index += 1 }
        let start = index
        var value = 0
        // JSON has no leading zeros: "0" alone, else a digit 1–9 first.
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "0"), (48...57).contains(bytes[index + 1]) { throw Unusual() }
        while index < bytes.count, (48...57).contains(bytes[index]) {
            guard index - start < 18 else { throw Unusual() }
            value = value * 10 + Int(bytes[index] - 48)
            index += 1
        }
        guard index > start else { throw Unusual() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] | 0x20 == UInt8(ascii: "e") { throw Unusual() }
        return negative ? -value : value
    }

    /// Consumes `null` when it is next.
    private mutating func null() throws(Unusual) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        guard index + 4 <= bytes.count, bytes[index + 1] == UInt8(ascii: "u"), bytes[index + 2] == UInt8(ascii: "l"),
              bytes[index + 3] == UInt8(ascii: "l") else { throw Unusual() }
        index += 4
        return true
    }

    /// A key without escapes (a key spelled with escapes is left to the decoder).
    private mutating func plainKey() throws(Unusual) -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            guard bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 else { throw Unusual() }
            index += 1
        }
        guard index < bytes.count else { throw Unusual() }
        let key = try text(start..<index)
        index += 1
        return key
    }

    /// A string value, escapes decoded.
    private mutating func string() throws(Unusual) -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                let value = try text(start..<index)
                index += 1
                return value
            case UInt8(ascii: "\\"):
                return try escapedString(from: start)
            case 0..<0x20:
                throw Unusual()
            default:
                index += 1
            }
        }
        throw Unusual()
    }

    /// The rest of a string that holds an escape, decoded into `scratch`.
    private mutating func escapedString(from start: Int) throws(Unusual) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") {
                guard let value = String(validating: scratch, as: UTF8.self) else { throw Unusual() }
                return value
            }
            guard byte >= 0x20 else { throw Unusual() }
            guard byte == UInt8(ascii: "\\") else { scratch.append(byte); continue }
            switch try next() {
            case UInt8(ascii: "\""): scratch.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): scratch.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800...0xDBFF).contains(code) {
                    // A high surrogate needs its low half right after it.
                    guard try next() == UInt8(ascii: "\\"), try next() == UInt8(ascii: "u") else { throw Unusual() }
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw Unusual() }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(code) {
                    throw Unusual()
                }
                guard let scalar = Unicode.Scalar(code) else { throw Unusual() }
                scratch.append(contentsOf: UTF8.encode(scalar)!)
            default:
                throw Unusual()
            }
        }
        throw Unusual()
    }

    private mutating func hex4() throws(Unusual) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            let byte = try next()
            let digit: UInt8
            switch byte {
            case 48...57: digit = byte - 48
            case 65...70: digit = byte - 55
            case 97...102: digit = byte - 87
            default: throw Unusual()
            }
            code = code << 4 | UInt32(digit)
        }
        return code
    }

    /// UTF-8 text of `range`; invalid UTF-8 is the decoder's to refuse. ASCII (nearly every
    /// label) is taken as it is: `String(validating:)` costs about a thousand instructions
    /// per short string, a third of the reader's time.
    private func text(_ range: Range<Int>) throws(Unusual) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        var high: UInt8 = 0
        for byte in slice { high |= byte }
        if high < 0x80 { return String(decoding: slice, as: UTF8.self) }
        guard let value = String(validating: slice, as: UTF8.self) else { throw Unusual() }
        return value
    }

    /// Skips one value of a field nobody reads (newer Alertmanagers add some), checked by
    /// the syntax pass's own grammar; `depth` is the nesting of the object holding it.
    private mutating func skipValue(depth: Int) throws(Unusual) {
        guard let end = JSONSyntaxCheck.valueEnd(bytes, from: index, depth: depth, maxDepth: limits.maxDepth) else { throw Unusual() }
        index = end
    }

    // MARK: - Bytes

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func peek() throws(Unusual) -> UInt8 {
        guard index < bytes.count else { throw Unusual() }
        return bytes[index]
    }

    private mutating func next() throws(Unusual) -> UInt8 {
        guard index < bytes.count else { throw Unusual() }
        defer { index += 1 }
        return bytes[index]
    }

    private mutating func expect(_ byte: UInt8) throws(Unusual) {
        guard try next() == byte else { throw Unusual() }
    }
}
