import Foundation

/// A read position in one line of an exposition's UTF-8 bytes. The parser works on bytes
/// rather than `Character`s because the grammar is ASCII and grapheme breaking would cost
/// most of the parse time; strings are only built for names, label values and help text.
struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    let end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        self.bytes = bytes
        self.position = start
        self.end = end
    }

    var atEnd: Bool { position >= end }
    var peek: UInt8? { position < end ? bytes[position] : nil }

    /// Skips spaces and tabs; returns whether any were skipped.
    @discardableResult
    mutating func skipBlanks() -> Bool {
        let start = position
        while position < end, bytes[position] == .space || bytes[position] == .tab { position += 1 }
        return position > start
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < end, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`, as a byte range.
    mutating func metricNameRange() -> Range<Int>? {
        name(allowColon: true)
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`.
    mutating func labelName() -> String? {
        name(allowColon: false).map(string)
    }

    private mutating func name(allowColon: Bool) -> Range<Int>? {
        let start = position
        while position < end {
            let b = bytes[position]
            let ok = b.isASCIILetter || b == .underscore || (allowColon && b == .colon) || (position > start && b.isASCIIDigit)
            guard ok else { break }
            position += 1
        }
        return position > start ? start..<position : nil
    }

    /// The run of non-blank bytes at the cursor (a value, timestamp or type word).
    mutating func token() -> Range<Int>? {
        let start = position
        while position < end, bytes[position] != .space, bytes[position] != .tab { position += 1 }
        return position > start ? start..<position : nil
    }

    /// Reads a label value after its opening quote, up to the closing quote, undoing the
    /// `\\`, `\"` and `\n` escapes. Other backslash pairs are kept as written, as the
    /// Prometheus server does. Nil when the quote is never closed.
    mutating func quotedValue() -> String? {
        let start = position
        var escaped = false
        while position < end {
            let b = bytes[position]
            if b == .backslash {
                escaped = true
                position += 2
                continue
            }
            if b == .quote {
                let range = start..<position
                position += 1
                return escaped ? unescape(range, quotes: true) : string(range)
            }
            position += 1
        }
        position = end
        return nil
    }

    /// The rest of the line (after `# HELP name `), unescaped.
    mutating func restUnescaped(quotes: Bool) -> String {
        let range = position..<end
        position = end
        return unescape(range, quotes: quotes)
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[range])
    }

    private func unescape(_ range: Range<Int>, quotes: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            if b == .backslash, i + 1 < range.upperBound {
                let next = bytes[i + 1]
                switch next {
                case .backslash: out.append(.backslash)
                case UInt8(ascii: "n"): out.append(.newline)
                case .quote where quotes: out.append(.quote)
                default: out.append(b); out.append(next)
                }
                i += 2
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension UInt8 {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let hash = UInt8(ascii: "#")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let underscore = UInt8(ascii: "_")
    static let colon = UInt8(ascii: ":")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let comma = UInt8(ascii: ",")
    static let equals = UInt8(ascii: "=")

    var isASCIIDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    var isASCIILetter: Bool { (self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "z") }
}
