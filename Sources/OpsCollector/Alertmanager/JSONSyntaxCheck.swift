import Foundation

/// A strict RFC 8259 syntax pass over raw bytes, run before `JSONDecoder` so a broken or cut
/// payload is refused with the byte where it breaks (the decoder's messages vary between
/// Foundation versions and give no offset) and so nesting is capped before the decoder
/// recurses. It builds nothing: one pass, no allocation.
struct JSONSyntaxCheck {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var index = 0

    /// Throws the first syntax error of `data`, or `.truncated` when it ends early.
    static func check(_ data: Data, maxDepth: Int) throws(AlertmanagerPayloadError) {
        let outcome = data.withUnsafeBytes { raw -> AlertmanagerPayloadError? in
            var scanner = JSONSyntaxCheck(bytes: raw.bindMemory(to: UInt8.self), maxDepth: maxDepth)
            do throws(AlertmanagerPayloadError) {
                try scanner.document()
                return nil
            } catch {
                return error
            }
        }
        if let outcome { throw outcome }
    }

    /// The index just past the one value that starts at `start`, checked as `check` checks
    /// it (`depth` is the nesting of its container); nil when it is not valid JSON.
    static func valueEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, depth: Int, maxDepth: Int) -> Int? {
        var scanner = JSONSyntaxCheck(bytes: bytes, maxDepth: maxDepth)
        scanner.index = start
        do throws(AlertmanagerPayloadError) {
            try scanner.value(depth: depth, inside: "a value")
            return scanner.index
        } catch {
            return nil
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    // MARK: - Grammar

    private mutating func document() throws(AlertmanagerPayloadError) {
        skipSpace()
        if index == bytes.count { throw .empty }
        try value(depth: 0, inside: "the document")
        skipSpace()
        if index < bytes.count { throw syntax("unexpected \(describe(bytes[index])) after the end of the document") }
    }

    private mutating func value(depth: Int, inside: String) throws(AlertmanagerPayloadError) {
        skipSpace()
        guard index < bytes.count else { throw .truncated(offset: index, inside: inside) }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object(depth: depth + 1)
        case UInt8(ascii: "["): try array(depth: depth + 1)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true", inside: inside)
        case UInt8(ascii: "f"): try literal("false", inside: inside)
        case UInt8(ascii: "n"): try literal("null", inside: inside)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number(inside: inside)
        case let other: throw syntax("expected a value, found \(describe(other))")
        }
    }

    private mutating func object(depth: Int) throws(AlertmanagerPayloadError) {
        guard depth <= maxDepth else { throw syntax("objects and arrays nest deeper than \(maxDepth) levels") }
        let inside = "an object"
        index += 1
        skipSpace()
        if try peek(inside) == UInt8(ascii: "}") { index += 1; return }
        while true {
            guard try peek(inside) == UInt8(ascii: "\"") else { throw syntax("expected a quoted key, found \(describe(bytes[index]))") }
            try string()
            skipSpace()
            guard try peek(inside) == UInt8(ascii: ":") else { throw syntax("expected ':' after an object key, found \(describe(bytes[index]))") }
            index += 1
            try value(depth: depth, inside: inside)
            skipSpace()
            switch try peek(inside) {
            case UInt8(ascii: ","): index += 1; skipSpace()
            case UInt8(ascii: "}"): index += 1; return
            case let other: throw syntax("expected ',' or '}' after an object member, found \(describe(other))")
            }
        }
    }

    private mutating func array(depth: Int) throws(AlertmanagerPayloadError) {
        guard depth <= maxDepth else { throw syntax("objects and arrays nest deeper than \(maxDepth) levels") }
        let inside = "an array"
        index += 1
        skipSpace()
        if try peek(inside) == UInt8(ascii: "]") { index += 1; return }
        while true {
            try value(depth: depth, inside: inside)
            skipSpace()
            switch try peek(inside) {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return
            case let other: throw syntax("expected ',' or ']' after an array element, found \(describe(other))")
            }
        }
    }

    private mutating func string() throws(AlertmanagerPayloadError) {
        let inside = "a string"
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { index += 1; return }
            if byte < 0x20 { throw syntax("a raw control character (\(describe(byte))) inside a string; JSON needs it escaped") }
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { break }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    for _ in 0..<4 {
                        index += 1
                        guard index < bytes.count else { throw .truncated(offset: index, inside: inside) }
                        guard Self.isHex(bytes[index]) else { throw syntax("\\u needs four hex digits") }
                    }
                    index += 1
                case let other:
                    throw syntax("unknown escape \\\(describe(other, quoted: false))")
                }
                continue
            }
            index += 1
        }
        throw .truncated(offset: index, inside: inside)
    }

    private mutating func number(inside: String) throws(AlertmanagerPayloadError) {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw .truncated(offset: index, inside: inside) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if Self.isDigit(bytes[index]) {
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        } else {
            throw syntax("expected a digit, found \(describe(bytes[index]))")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            try digits(inside: inside)
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            try digits(inside: inside)
        }
    }

    private mutating func digits(inside: String) throws(AlertmanagerPayloadError) {
        guard index < bytes.count else { throw .truncated(offset: index, inside: inside) }
        guard Self.isDigit(bytes[index]) else { throw syntax("expected a digit, found \(describe(bytes[index]))") }
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
    }

    private mutating func literal(_ word: StaticString, inside: String) throws(AlertmanagerPayloadError) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in expected {
            guard index < bytes.count else { throw .truncated(offset: index, inside: inside) }
            guard bytes[index] == byte else { throw syntax("expected \(word), found \(describe(bytes[index]))") }
            index += 1
        }
    }

    // MARK: - Helpers

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The current byte; `.truncated` at the end.
    private func peek(_ inside: String) throws(AlertmanagerPayloadError) -> UInt8 {
        guard index < bytes.count else { throw .truncated(offset: index, inside: inside) }
        return bytes[index]
    }

    private func syntax(_ message: String) -> AlertmanagerPayloadError {
        .syntax(offset: index, message: message)
    }

    /// `'x'` for printable ASCII, `byte 0x1B` otherwise: the message must not carry the
    /// payload's own control bytes to a terminal.
    private func describe(_ byte: UInt8, quoted: Bool = true) -> String {
        if (0x21...0x7E).contains(byte) {
            let character = String(UnicodeScalar(byte))
            return quoted ? "'\(character)'" : character
        }
        return String(format: "byte 0x%02X", byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }
}
