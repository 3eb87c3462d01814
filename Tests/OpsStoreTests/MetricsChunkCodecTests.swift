import Foundation
@testable import OpsStore
import OpsFixtures
import Testing

/// The chunk byte format on its own: every bit comes back, flat series cost almost
/// nothing, and damaged blobs are refused with an error, never a trap.
@Suite("Metric chunk codec")
struct MetricsChunkCodecTests {
    static func raw(_ times: [Int64], _ values: [Double]) throws -> (times: [Int64], values: [Double]) {
        let bytes = ChunkCodec.encodeRaw(times: times, values: values)
        return try bytes.withUnsafeBytes { try ChunkCodec.decodeRaw($0) }
    }

    static func rollups(_ rows: [RollupEntry]) throws -> [RollupEntry] {
        let bytes = ChunkCodec.encodeRollups(rows)
        return try bytes.withUnsafeBytes { try ChunkCodec.decodeRollups($0) }
    }

    /// The error decoding `bytes` as the format its first byte names (raw when unknown).
    static func decodeError(_ bytes: [UInt8]) -> ChunkCodecError? {
        do {
            if bytes.first == ChunkCodec.rollupFormat {
                _ = try bytes.withUnsafeBytes { try ChunkCodec.decodeRollups($0) }
            } else {
                _ = try bytes.withUnsafeBytes { try ChunkCodec.decodeRaw($0) }
            }
            return nil
        } catch let error as ChunkCodecError {
            return error
        } catch {
            return .malformed("unexpected \(error)")
        }
    }

    static let specials: [Double] = [0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                     .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                     Double(bitPattern: 0x000F_FFFF_FFFF_FFFF), 1, 1, 1, 0.1, 1e-300, 123_456_789_012]

    @Test("raw samples round-trip bit for bit: random doubles, ±0, ±Inf, subnormals, repeats, irregular times")
    func rawRoundTrip() throws {
        var random = SplitMix64(seed: 7)
        for round in 0..<200 {
            let count = round == 0 ? 1 : Int(random.next() % 700) + 1
            var times: [Int64] = []
            var t = Int64(bitPattern: random.next()) / 4
            for _ in 0..<count {
                times.append(t)
                // Mostly a steady tick with jitter, sometimes a jump (gap) of any size.
                t += random.next() % 10 == 0 ? Int64(random.next() % 1_000_000_000) + 1 : 10_000 + Int64(random.next() % 7)
            }
            let values = (0..<count).map { i -> Double in
                switch random.next() % 5 {
                case 0: return Self.specials[Int(random.next() % UInt64(Self.specials.count))]
                case 1: return Double(Int(random.next() % 100))
                case 2 where i > 0: return 42.5
                default:
                    let bits = random.next()
                    let value = Double(bitPattern: bits)
                    return value.isNaN ? 3.25 : value
                }
            }
            let decoded = try Self.raw(times, values)
            #expect(decoded.times == times)
            #expect(decoded.values.map(\.bitPattern) == values.map(\.bitPattern))
        }
        let extreme = try Self.raw([Int64.min, -1, 0, Int64.max], [-.infinity, -0.0, 0, .infinity])
        #expect(extreme.times == [Int64.min, -1, 0, Int64.max])
        #expect(extreme.values.map(\.bitPattern) == [-Double.infinity, -0.0, 0, .infinity].map(\.bitPattern))
    }

    @Test("a steady tick of a repeated value costs a few bytes for an hour; a repeat run is one byte")
    func compactForFlatSeries() {
        let times = (0..<360).map { 1_795_000_000_000 + Int64($0) * 10_000 }
        #expect(ChunkCodec.encodeRaw(times: times, values: Array(repeating: 1, count: 360)).count <= 24)
        let noisy = (0..<360).map { 50 + sin(Double($0)) }
        #expect(ChunkCodec.encodeRaw(times: times, values: noisy).count < 360 * 9 + 20)
    }

    @Test("rollups round-trip with undefined (nil) min/avg/max, ±Inf and changing counts")
    func rollupRoundTrip() throws {
        var random = SplitMix64(seed: 11)
        for round in 0..<100 {
            let count = round == 0 ? 1 : Int(random.next() % 400) + 1
            var t: Int64 = 1_795_000_020_000 / 60_000 * 60_000
            let rows = (0..<count).map { _ -> RollupEntry in
                defer { t += random.next() % 8 == 0 ? 60_000 * Int64(random.next() % 100 + 1) : 60_000 }
                let n = random.next() % 4 == 0 ? Int64(random.next() % 1_000_000) + 1 : 6
                func value() -> Double? {
                    switch random.next() % 6 {
                    case 0: nil
                    case 1: Self.specials[Int(random.next() % UInt64(Self.specials.count))]
                    default: Double(random.next() % 1_000_000) / 7
                    }
                }
                return RollupEntry(t: t, min: value(), avg: value(), max: value(), n: n)
            }
            let decoded = try Self.rollups(rows)
            #expect(decoded.count == rows.count)
            for (a, b) in zip(decoded, rows) {
                #expect(a.t == b.t && a.n == b.n)
                #expect(a.min?.bitPattern == b.min?.bitPattern && a.avg?.bitPattern == b.avg?.bitPattern
                    && a.max?.bitPattern == b.max?.bitPattern)
            }
        }
    }

    @Test("damaged blobs throw: truncated, trailing bytes, wrong format, bad control bytes, huge counts")
    func corruptBlobs() throws {
        let times = (0..<50).map { 1_000_000 + Int64($0) * 10_000 + Int64($0 % 3) }
        let good = ChunkCodec.encodeRaw(times: times, values: times.map { Double($0) / 3 })
        // Every truncation fails, never traps.
        for length in 0..<good.count {
            #expect(Self.decodeError(Array(good.prefix(length))) != nil, "prefix \(length)")
        }
        #expect(Self.decodeError(good + [0]) != nil)
        #expect(Self.decodeError([9] + good.dropFirst()) != nil)
        // A count of zero, an absurd count, a varint running past 64 bits.
        #expect(Self.decodeError([1, 0]) != nil)
        #expect(Self.decodeError([1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0]) != nil)
        #expect(Self.decodeError([1, 1] + Array(repeating: 0xFF, count: 10) + [0x7F]) != nil)
        // Times going backwards (a negative first delta), a control byte with lead + trail = 8.
        #expect(Self.decodeError([1, 2, 0, 3, 0x38, 1]) != nil)
        #expect(Self.decodeError([1, 1, 0, 0x3F]) != nil)
        // A raw NaN is refused; a rollup count of 0 is refused.
        #expect(Self.decodeError([1, 1, 0, 6, 0x7F, 0xF8]) == .malformed("a raw sample is NaN"))
        #expect(Self.decodeError([2, 1, 0, 2, 6, 0x7F, 0xF8, 64, 64]) == nil)
        #expect(Self.decodeError([2, 1, 0, 0, 0, 64, 64, 64]) != nil)
        #expect(Self.decodeError(good) == nil)
        // Random damage to a good blob: an error or some decode, never a crash.
        var random = SplitMix64(seed: 3)
        for _ in 0..<2_000 {
            var bytes = good
            for _ in 0...(random.next() % 4) {
                let i = Int(random.next() % UInt64(bytes.count))
                bytes[i] = UInt8(truncatingIfNeeded: random.next())
            }
            _ = Self.decodeError(bytes)
        }
    }
}
