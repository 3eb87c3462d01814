/// The byte format of `metric_chunk.data`: a closed span of one series packed into one blob.
///
/// Pure (no database): the store compacts head rows into chunks and reads them back through
/// this type only. Lossless: every timestamp and every value bit (±0, subnormals, ±Inf) comes
/// back as written. Byte-aligned rather than bit-packed, so decoding stays simple and a
/// corrupt blob is always caught by a bounds or consistency check, never a trap.
///
/// Layout (all integers LEB128 varints, signed ones zig-zag):
/// - format byte: 1 = raw samples, 2 = rollups;
/// - count (≥ 1), then the first time (ms, signed);
/// - the times: deltas of deltas (the first delta against 0), a zero followed by how many
///   more zeros repeat it, so a steady 10 s tick costs a few bytes per chunk;
/// - rollups only: the sample counts, as deltas with the same zero runs;
/// - the values (raw: one stream; rollups: min, avg, max), each XORed with the previous
///   value's bits (the first with 0): a control byte `lead << 3 | trail` telling how many
///   leading and trailing bytes of the XOR are zero, then its middle bytes; a control byte
///   of 64 + k repeats the previous value k + 1 times (k ≤ 191), so a flat series costs
///   almost nothing. An undefined rollup value (NULL) is stored as a quiet NaN: NaN itself
///   is never stored (ingest refuses it), so the mapping is lossless.
enum ChunkCodec {
    static let rawFormat: UInt8 = 1
    static let rollupFormat: UInt8 = 2
    /// The bits standing for NULL in rollup value streams.
    static let nullBits: UInt64 = 0x7FF8_0000_0000_0000

    // MARK: - Encoding

    /// Packs raw samples; `times` must be strictly increasing and `values` free of NaN.
    static func encodeRaw(times: [Int64], values: [Double]) -> [UInt8] {
        precondition(!times.isEmpty && times.count == values.count, "a chunk holds at least one sample")
        var out = ByteWriter()
        out.bytes.reserveCapacity(16 + times.count * 3)
        out.byte(rawFormat)
        out.varint(UInt64(times.count))
        out.writeTimes(times)
        out.writeValues(values.map(\.bitPattern))
        return out.bytes
    }

    /// Packs rollups (bucket starts strictly increasing, counts > 0; nil = NULL).
    static func encodeRollups(_ rows: [RollupEntry]) -> [UInt8] {
        precondition(!rows.isEmpty, "a chunk holds at least one rollup")
        var out = ByteWriter()
        out.bytes.reserveCapacity(16 + rows.count * 8)
        out.byte(rollupFormat)
        out.varint(UInt64(rows.count))
        out.writeTimes(rows.map(\.t))
        var previous: Int64 = 0
        out.writeDeltaRuns(rows.map { row in
            defer { previous = row.n }
            return row.n &- previous
        })
        out.writeValues(rows.map { $0.min?.bitPattern ?? nullBits })
        out.writeValues(rows.map { $0.avg?.bitPattern ?? nullBits })
        out.writeValues(rows.map { $0.max?.bitPattern ?? nullBits })
        return out.bytes
    }

    // MARK: - Decoding

    static func decodeRaw(_ bytes: UnsafeRawBufferPointer) throws(ChunkCodecError) -> (times: [Int64], values: [Double]) {
        var input = ByteReader(bytes)
        guard try input.byte() == rawFormat else { throw .malformed("not a raw-sample chunk") }
        let count = try input.count()
        let times = try input.readTimes(count: count)
        let bits = try input.readValues(count: count)
        try input.expectEnd()
        var values: [Double] = []
        values.reserveCapacity(count)
        for pattern in bits {
            let value = Double(bitPattern: pattern)
            guard !value.isNaN else { throw .malformed("a raw sample is NaN") }
            values.append(value)
        }
        return (times, values)
    }

    static func decodeRollups(_ bytes: UnsafeRawBufferPointer) throws(ChunkCodecError) -> [RollupEntry] {
        var input = ByteReader(bytes)
        guard try input.byte() == rollupFormat else { throw .malformed("not a rollup chunk") }
        let count = try input.count()
        let times = try input.readTimes(count: count)
        let deltas = try input.readDeltaRuns(count: count)
        let mins = try input.readValues(count: count)
        let avgs = try input.readValues(count: count)
        let maxes = try input.readValues(count: count)
        try input.expectEnd()
        var rows: [RollupEntry] = []
        rows.reserveCapacity(count)
        var n: Int64 = 0
        for i in 0..<count {
            n = n &+ deltas[i]
            guard n > 0 else { throw .malformed("a rollup counts \(n) samples") }
            func value(_ bits: UInt64) -> Double? {
                let value = Double(bitPattern: bits)
                return value.isNaN ? nil : value
            }
            rows.append(RollupEntry(t: times[i], min: value(mins[i]), avg: value(avgs[i]), max: value(maxes[i]), n: n))
        }
        return rows
    }
}

/// One rollup bucket as a chunk holds it: start, min/avg/max (nil = undefined) and the
/// number of raw samples behind it.
struct RollupEntry: Equatable, Sendable {
    var t: Int64
    var min: Double?
    var avg: Double?
    var max: Double?
    var n: Int64
}

/// Why a chunk could not be decoded: the blob was damaged or written by something else.
enum ChunkCodecError: Error, Equatable, CustomStringConvertible {
    case truncated
    case malformed(String)

    var description: String {
        switch self {
        case .truncated: "The metric chunk ends early."
        case let .malformed(reason): "The metric chunk is malformed: \(reason)."
        }
    }
}

// MARK: - Byte streams

private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func signed(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// The first time, then deltas of deltas with zero runs. Wrapping arithmetic makes the
    /// mapping a bijection for any Int64 input; the reader checks the order.
    mutating func writeTimes(_ times: [Int64]) {
        signed(times[0])
        var previousDelta: Int64 = 0
        var dods: [Int64] = []
        dods.reserveCapacity(times.count - 1)
        for i in times.indices.dropFirst() {
            let delta = times[i] &- times[i - 1]
            dods.append(delta &- previousDelta)
            previousDelta = delta
        }
        writeDeltaRuns(dods)
    }

    /// Signed integers where a zero is followed by how many further zeros repeat it.
    mutating func writeDeltaRuns(_ values: [Int64]) {
        var i = 0
        while i < values.count {
            signed(values[i])
            if values[i] == 0 {
                var run = i + 1
                while run < values.count, values[run] == 0 { run += 1 }
                varint(UInt64(run - i - 1))
                i = run
            } else {
                i += 1
            }
        }
    }

    /// Gorilla-style XOR against the previous bits, byte-aligned, with repeat runs.
    mutating func writeValues(_ values: [UInt64]) {
        var previous: UInt64 = 0
        var i = 0
        while i < values.count {
            let xor = values[i] ^ previous
            if xor == 0 {
                var run = i + 1
                while run < values.count, run - i < 192, values[run] == previous { run += 1 }
                byte(UInt8(64 + run - i - 1))
                i = run
                continue
            }
            let lead = xor.leadingZeroBitCount / 8
            let trail = xor.trailingZeroBitCount / 8
            byte(UInt8(lead << 3 | trail))
            var shift = (7 - lead) * 8
            while shift >= trail * 8 {
                byte(UInt8(truncatingIfNeeded: xor >> UInt64(shift)))
                shift -= 8
            }
            previous = values[i]
            i += 1
        }
    }
}

private struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func byte() throws(ChunkCodecError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func varint() throws(ChunkCodecError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            if shift == 63, b > 1 { throw .malformed("a varint overflows 64 bits") }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    mutating func signed() throws(ChunkCodecError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// The entry count: at least one, and no more than the blob could possibly hold
    /// (every entry costs at least a fraction of a byte per stream), so a damaged count
    /// cannot make the reader reserve gigabytes.
    mutating func count() throws(ChunkCodecError) -> Int {
        let count = try varint()
        guard count >= 1, count <= UInt64(bytes.count) * 192 else { throw .malformed("it claims \(count) entries") }
        return Int(count)
    }

    mutating func readTimes(count: Int) throws(ChunkCodecError) -> [Int64] {
        var times: [Int64] = []
        times.reserveCapacity(count)
        times.append(try signed())
        var delta: Int64 = 0
        for dod in try readDeltaRuns(count: count - 1) {
            delta = delta &+ dod
            guard let last = times.last else { throw .truncated }
            let (next, overflow) = last.addingReportingOverflow(delta)
            guard delta > 0, !overflow else { throw .malformed("its times are not strictly increasing") }
            times.append(next)
        }
        return times
    }

    mutating func readDeltaRuns(count: Int) throws(ChunkCodecError) -> [Int64] {
        var values: [Int64] = []
        values.reserveCapacity(count)
        while values.count < count {
            let value = try signed()
            if value == 0 {
                let more = try varint()
                guard more < UInt64(count - values.count) else { throw .malformed("a run of zeros is too long") }
                values.append(contentsOf: repeatElement(0, count: Int(more) + 1))
            } else {
                values.append(value)
            }
        }
        return values
    }

    mutating func readValues(count: Int) throws(ChunkCodecError) -> [UInt64] {
        var values: [UInt64] = []
        values.reserveCapacity(count)
        var previous: UInt64 = 0
        while values.count < count {
            let control = try byte()
            if control >= 64 {
                let run = Int(control) - 63
                guard run <= count - values.count else { throw .malformed("a run of repeats is too long") }
                values.append(contentsOf: repeatElement(previous, count: run))
                continue
            }
            let lead = Int(control >> 3)
            let trail = Int(control & 7)
            guard lead + trail < 8 else { throw .malformed("a value control byte is invalid") }
            guard offset + 8 - lead - trail <= bytes.count else { throw .truncated }
            var xor: UInt64 = 0
            for _ in 0..<(8 - lead - trail) {
                xor = xor << 8 | UInt64(bytes[offset])
                offset += 1
            }
            xor <<= UInt64(trail * 8)
            guard xor != 0 else { throw .malformed("a value repeats without a repeat code") }
            previous ^= xor
            values.append(previous)
        }
        return values
    }

    func expectEnd() throws(ChunkCodecError) {
        guard offset == bytes.count else { throw .malformed("\(bytes.count - offset) bytes follow the last stream") }
    }
}
