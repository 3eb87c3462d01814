import Crypto

/// The canonical text of an audit row, built as UTF-8 bytes in one reused buffer: the
/// one definition of what `AuditChain` hashes, for Swift strings when appending and for
/// SQLite's column bytes when verifying a million rows.
///
/// `{"id":1,"at":"…","actor":"…","impersonator":null,"action":"…","target":"…",
/// "before":"…","after":"…","reason":null}`: fixed key order, no spaces, strings quoted
/// with the escapes of `JSONValue.appendQuoted` (`\"`, `\\`, `\n`, `\r`, `\t`, other
/// controls as `\u00xx`; everything else, UTF-8 included, as is).
///
/// The buffer is raw memory rather than an `[UInt8]`: per-byte array appends (uniqueness
/// checks, retains) cost more than the SHA-256 of the row.
struct CanonicalRow: ~Copyable {
    private var storage: UnsafeMutableRawBufferPointer
    /// Bytes written so far.
    private(set) var count = 0

    init(capacity: Int = 1_024) {
        storage = .allocate(byteCount: Swift.max(capacity, 64), alignment: 1)
    }

    deinit { storage.deallocate() }

    /// The row's text so far.
    var bytes: [UInt8] { Array(UnsafeRawBufferPointer(rebasing: storage[..<count])) }

    // MARK: - Building

    /// Starts a row: `{"id":<id>`.
    mutating func reset(id: Int64) {
        count = 0
        put(#"{"id":"#)
        reserve(20)
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var magnitude = id.magnitude
        var length = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - length] = UInt8(0x30 + magnitude % 10)
                magnitude /= 10
                length += 1
            } while magnitude > 0
        }
        if id < 0 { put(0x2D) }
        withUnsafeBytes(of: &digits) { put(UnsafeRawBufferPointer(rebasing: $0[(20 - length)...])) }
    }

    /// Appends field number `field` (0 = at … 7 = reason): quoted, or `null` when absent.
    mutating func append(field: Int, bytes value: UnsafeRawBufferPointer?) {
        put(Self.key(field))
        guard let value else { return put("null") }
        appendQuoted(value)
    }

    mutating func append(field: Int, _ value: String?) {
        guard var value else { return append(field: field, bytes: nil) }
        value.withUTF8 { append(field: field, bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Closes the row: `}`.
    mutating func finish() {
        reserve(1)
        put(0x7D)
    }

    /// The whole row from Swift values.
    mutating func write(id: Int64, at: String, actor: String, impersonator: String?, action: String,
                        target: String?, before: String?, after: String?, reason: String?) {
        reset(id: id)
        for (field, value) in [at, actor, impersonator, action, target, before, after, reason].enumerated() {
            append(field: field, value)
        }
        finish()
    }

    /// `,"name":` for the fields after the id, in order.
    private static func key(_ field: Int) -> StaticString {
        switch field {
        case 0: #","at":"#
        case 1: #","actor":"#
        case 2: #","impersonator":"#
        case 3: #","action":"#
        case 4: #","target":"#
        case 5: #","before":"#
        case 6: #","after":"#
        default: #","reason":"#
        }
    }

    /// JSON string literal; runs of bytes needing no escape are copied in one go.
    private mutating func appendQuoted(_ text: UnsafeRawBufferPointer) {
        reserve(2 + 6 * text.count)
        put(0x22)
        var run = 0
        for i in 0..<text.count {
            let b = text[i]
            guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
            put(UnsafeRawBufferPointer(rebasing: text[run..<i]))
            put(0x5C)
            switch b {
            case 0x22, 0x5C: put(b)  // \" \\
            case 0x0A: put(0x6E)  // \n
            case 0x0D: put(0x72)  // \r
            case 0x09: put(0x74)  // \t
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

    // MARK: - Hashing

    /// `SHA-256(prevHash ‖ row)` written into `hex` as 64 lower-case hex digits.
    func hexDigest(prevHash: UnsafeRawBufferPointer, into hex: inout [UInt8]) {
        Self.hexDigest(prevHash: prevHash, row: UnsafeRawBufferPointer(rebasing: storage[..<count]), into: &hex)
    }

    /// `SHA-256(prevHash ‖ row)` for a row built earlier and copied elsewhere.
    static func hexDigest(prevHash: UnsafeRawBufferPointer, row: UnsafeRawBufferPointer, into hex: inout [UInt8]) {
        var hasher = SHA256()
        hasher.update(bufferPointer: prevHash)
        hasher.update(bufferPointer: row)
        let digest = hasher.finalize()
        if hex.count != 64 { hex = [UInt8](repeating: 0, count: 64) }
        hex.withUnsafeMutableBytes { out in
            digest.withUnsafeBytes { d in
                for i in 0..<Swift.min(d.count, 32) {
                    out[2 * i] = hexDigit(d[i] >> 4)
                    out[2 * i + 1] = hexDigit(d[i] & 0x0F)
                }
            }
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }

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

    /// Appends one byte; the caller reserved room.
    private mutating func put(_ byte: UInt8) {
        storage[count] = byte
        count += 1
    }

    /// Appends bytes; the caller reserved room.
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
