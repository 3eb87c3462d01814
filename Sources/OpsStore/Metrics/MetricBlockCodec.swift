import Foundation

/// The byte format of `metric_block.data`: one sealed write batch, every series of it.
///
/// A directory first, so a reader wanting one series skips to its bytes without decoding
/// the others (the dashboard reads sixty series from the same few blocks):
/// - format byte 3;
/// - series count (varint), then per series in ascending id order: the id as a delta from
///   the previous id (varint) and the length of its bytes (varint);
/// - each series' samples as a raw chunk (`ChunkCodec.encodeRaw`), in directory order.
///
/// Pure and lossless like `ChunkCodec`; a corrupt blob is reported, never a trap.
enum MetricBlockCodec {
    static let format: UInt8 = 3

    /// One series' samples: times strictly increasing, no NaN.
    struct Series {
        var id: Int64
        var times: [Int64]
        var values: [Double]
    }

    /// Packs `series` (ids ascending, each with at least one sample).
    static func encode(_ series: [Series]) -> [UInt8] {
        let chunks = series.map { ChunkCodec.encodeRaw(times: $0.times, values: $0.values) }
        var out: [UInt8] = [format]
        out.reserveCapacity(8 + series.count * 4 + chunks.reduce(0) { $0 + $1.count })
        varint(UInt64(series.count), into: &out)
        var previous: Int64 = 0
        for (entry, chunk) in zip(series, chunks) {
            varint(UInt64(bitPattern: entry.id &- previous), into: &out)
            varint(UInt64(chunk.count), into: &out)
            previous = entry.id
        }
        for chunk in chunks { out += chunk }
        return out
    }

    /// The samples of series `id` in the block, or nil when the block has none of it.
    static func samples(of id: Int64, in bytes: UnsafeRawBufferPointer) throws(ChunkCodecError) -> (times: [Int64], values: [Double])? {
        var offset = 0
        guard try byte(bytes, &offset) == format else { throw .malformed("not a metric block") }
        let count = try varint(bytes, &offset)
        guard count <= UInt64(bytes.count) else { throw .malformed("series count past the end") }
        var seriesID: Int64 = 0
        var skip = 0
        var found: (start: Int, length: Int)?
        for _ in 0..<Int(count) {
            seriesID &+= Int64(bitPattern: try varint(bytes, &offset))
            let length = try varint(bytes, &offset)
            guard length <= UInt64(bytes.count) else { throw .malformed("series length past the end") }
            if seriesID == id, found == nil { found = (skip, Int(length)) }
            skip += Int(length)
        }
        guard offset + skip <= bytes.count else { throw .truncated }
        guard let found else { return nil }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[(offset + found.start)..<(offset + found.start + found.length)])
        return try ChunkCodec.decodeRaw(slice)
    }

    /// Every series in the block, in id order (maintenance moves them into the head).
    static func decodeAll(_ bytes: UnsafeRawBufferPointer) throws(ChunkCodecError) -> [Series] {
        var offset = 0
        guard try byte(bytes, &offset) == format else { throw .malformed("not a metric block") }
        let count = try varint(bytes, &offset)
        guard count <= UInt64(bytes.count) else { throw .malformed("series count past the end") }
        var directory: [(id: Int64, length: Int)] = []
        var seriesID: Int64 = 0
        for _ in 0..<Int(count) {
            seriesID &+= Int64(bitPattern: try varint(bytes, &offset))
            let length = try varint(bytes, &offset)
            guard length <= UInt64(bytes.count) else { throw .malformed("series length past the end") }
            directory.append((seriesID, Int(length)))
        }
        var result: [Series] = []
        result.reserveCapacity(directory.count)
        for entry in directory {
            guard offset + entry.length <= bytes.count else { throw .truncated }
            let decoded = try ChunkCodec.decodeRaw(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + entry.length)]))
            result.append(Series(id: entry.id, times: decoded.times, values: decoded.values))
            offset += entry.length
        }
        guard offset == bytes.count else { throw .malformed("bytes after the last series") }
        return result
    }

    // MARK: - Varints

    private static func varint(_ value: UInt64, into out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    private static func byte(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) throws(ChunkCodecError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    private static func varint(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) throws(ChunkCodecError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte(bytes, &offset)
            guard shift < 64 else { throw .malformed("varint too long") }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }
}
