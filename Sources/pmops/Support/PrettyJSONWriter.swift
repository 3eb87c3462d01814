/// Writes JSON byte for byte as `JSONEncoder` with `[.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes]` does on Linux (two-space indent, `"key" : value`, empty
/// containers as bracket, blank line, bracket), for outputs big enough for the encoder
/// to show: `users list --json` over 10,000 accounts spent ~0.3 s in `JSONEncoder`.
///
/// Callers write object keys already sorted (byte order, as `.sortedKeys` does). The
/// buffer is raw memory: per-call `[UInt8]` appends cost more than the JSON itself.
struct PrettyJSONWriter: ~Copyable {
    private var storage: UnsafeMutableRawBufferPointer
    private var count = 0

    init(capacity: Int = 4_096) {
        storage = .allocate(byteCount: Swift.max(capacity, 64), alignment: 1)
    }

    deinit { storage.deallocate() }

    /// Everything written so far.
    var bytes: [UInt8] { Array(UnsafeRawBufferPointer(rebasing: storage[..<count])) }

    /// Everything written so far, without copying it.
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[..<count]))
    }

    /// A final line break (`print` adds one after the document).
    mutating func newline() { newline(indent: 0) }

    // MARK: - Values

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { quoted(UnsafeRawBufferPointer($0)) }
    }

    /// A string given as UTF-8 bytes.
    mutating func string(utf8: UnsafeRawBufferPointer) { quoted(utf8) }

    mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { put("null") }
    }

    mutating func integer(_ value: Int64) {
        let text = String(value)  // at most 20 bytes: a small string, not allocated
        reserve(text.utf8.count)
        for byte in text.utf8 { put(byte) }
    }

    /// `[ … ]` with each element written by `element` at `level + 1`.
    mutating func array<T>(_ items: [T], level: Int, _ element: (inout PrettyJSONWriter, T, Int) -> Void) {
        put("[")
        for (i, item) in items.enumerated() {
            if i > 0 { put(",") }
            newline(indent: level + 1)
            element(&self, item, level + 1)
        }
        close("]", level: level, empty: items.isEmpty)
    }

    mutating func strings(_ items: [String], level: Int) {
        array(items, level: level) { w, s, _ in w.string(s) }
    }

    /// `{`; then `member(_:index:level:)` before each value, then `closeObject`.
    mutating func openObject() { put("{") }

    /// Starts the `index`th member (0-based) of the object at `level`: `"key" : `.
    mutating func member(_ key: StaticString, index: Int, level: Int) {
        reserve(key.utf8CodeUnitCount + 2 * level + 8)
        if index > 0 { put(0x2C) }
        putNewline(indent: level + 1)
        put(0x22)
        key.withUTF8Buffer { put(UnsafeRawBufferPointer($0)) }
        put(0x22)
        put(0x20)
        put(0x3A)
        put(0x20)
    }

    mutating func closeObject(level: Int, members: Int) { close("}", level: level, empty: members == 0) }

    /// The closing bracket on its own line; an empty container gets a blank line inside.
    private mutating func close(_ bracket: StaticString, level: Int, empty: Bool) {
        if empty { put("\n") }
        newline(indent: level)
        put(bracket)
    }

    private mutating func newline(indent level: Int) {
        reserve(1 + 2 * level)
        putNewline(indent: level)
    }

    /// A line break and `level` indents; the caller reserved room.
    private mutating func putNewline(indent level: Int) {
        put(0x0A)
        let width = 2 * level
        UnsafeMutableRawBufferPointer(rebasing: storage[count..<(count + width)]).initializeMemory(as: UInt8.self, repeating: 0x20)
        count += width
    }

    // MARK: - Strings

    private static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }

    /// A string literal with `JSONEncoder`'s escapes: `\"`, `\\`, `\b`, `\t`, `\n`, `\f`,
    /// `\r`, other controls as `\u00xx`; `/` and everything else as is.
    private mutating func quoted(_ text: UnsafeRawBufferPointer) {
        reserve(2 + 6 * text.count)
        put(0x22)
        if !Self.needsEscaping(text) {
            put(text)
            return put(0x22)
        }
        var run = 0
        for i in 0..<text.count {
            let b = text[i]
            guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
            put(UnsafeRawBufferPointer(rebasing: text[run..<i]))
            put(0x5C)
            switch b {
            case 0x22, 0x5C: put(b)
            case 0x08: put(0x62)  // \b
            case 0x09: put(0x74)  // \t
            case 0x0A: put(0x6E)  // \n
            case 0x0C: put(0x66)  // \f
            case 0x0D: put(0x72)  // \r
            default:
                put(0x75)  // \u00xx
                put(0x30)
                put(0x30)
                put(Self.hexDigit(b >> 4))
                put(Self.hexDigit(b & 0x0F))
            }
            run = i + 1
        }
        put(UnsafeRawBufferPointer(rebasing: text[run...]))
        put(0x22)
    }

    /// Whether any byte is a control character, `"` or `\`; eight bytes at a time (most
    /// strings have none, and this scan was the writer's dearest loop).
    private static func needsEscaping(_ text: UnsafeRawBufferPointer) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        /// A high bit set in every byte of `v` that is zero.
        func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        var i = 0
        while i + 8 <= text.count {
            let word = text.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // Bytes < 0x20 (the subtraction borrows only where no byte has its top bits),
            // then bytes equal to '"' (0x22) or '\' (0x5C).
            let controls = (word &- 0x2020_2020_2020_2020) & ~word & highs
            if controls | zeroBytes(word ^ 0x2222_2222_2222_2222) | zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C) != 0 { return true }
            i += 8
        }
        while i < text.count {
            let b = text[i]
            if b < 0x20 || b == 0x22 || b == 0x5C { return true }
            i += 1
        }
        return false
    }

    // MARK: - Raw buffer

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > storage.count { grow(count + extra) }
    }

    @inline(never)
    private mutating func grow(_ needed: Int) {
        let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(2 * storage.count, needed), alignment: 1)
        UnsafeMutableRawBufferPointer(rebasing: bigger[..<count]).copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[..<count]))
        storage.deallocate()
        storage = bigger
    }

    /// One byte; the caller reserved room.
    private mutating func put(_ byte: UInt8) {
        storage[count] = byte
        count += 1
    }

    /// Bytes; the caller reserved room.
    private mutating func put(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        UnsafeMutableRawBufferPointer(rebasing: storage[count..<(count + bytes.count)]).copyMemory(from: bytes)
        count += bytes.count
    }

    private mutating func put(_ text: StaticString) {
        reserve(text.utf8CodeUnitCount)
        text.withUTF8Buffer { put(UnsafeRawBufferPointer($0)) }
    }
}

/// A value `CLI.printJSON` can write with `PrettyJSONWriter` instead of `JSONEncoder`;
/// the output must be identical (`pmops bench store` checks it on every fixture account).
protocol PrettyJSONWritable {
    func writePrettyJSON(to writer: inout PrettyJSONWriter, level: Int)
    /// Roughly how many bytes the JSON takes, so the buffer is allocated once.
    var estimatedJSONBytes: Int { get }
}

extension PrettyJSONWritable {
    var estimatedJSONBytes: Int { 4_096 }
}

extension Array: PrettyJSONWritable where Element: PrettyJSONWritable {
    var estimatedJSONBytes: Int { 8 + count * (first?.estimatedJSONBytes ?? 0) }

    func writePrettyJSON(to writer: inout PrettyJSONWriter, level: Int) {
        writer.array(self, level: level) { w, item, itemLevel in item.writePrettyJSON(to: &w, level: itemLevel) }
    }
}
