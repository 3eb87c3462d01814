/// The bucketing hash of flagd's `fractional`: MurmurHash3 x86 32-bit, seed 0, over the
/// canonical CBOR encoding of the bucketing value (by default the array
/// `[flagKey, targetingKey]`), as the pinned flagd core (openfeature-flagd-core 2.0.0) does.
public enum FlagHash {
    public static func murmur3(_ data: [UInt8], seed: UInt32 = 0) -> UInt32 {
        let c1: UInt32 = 0xcc9e_2d51, c2: UInt32 = 0x1b87_3593
        var h = seed
        let blocks = data.count / 4
        for i in 0..<blocks {
            let b = i * 4
            var k = UInt32(data[b]) | UInt32(data[b + 1]) << 8 | UInt32(data[b + 2]) << 16 | UInt32(data[b + 3]) << 24
            k &*= c1
            k = k << 15 | k >> 17
            k &*= c2
            h ^= k
            h = h << 13 | h >> 19
            h = h &* 5 &+ 0xe654_6b64
        }
        var k: UInt32 = 0
        let tail = blocks * 4
        switch data.count & 3 {
        case 3:
            k ^= UInt32(data[tail + 2]) << 16
            fallthrough
        case 2:
            k ^= UInt32(data[tail + 1]) << 8
            fallthrough
        case 1:
            k ^= UInt32(data[tail])
            k &*= c1
            k = k << 15 | k >> 17
            k &*= c2
            h ^= k
        default: break
        }
        h ^= UInt32(truncatingIfNeeded: data.count)
        h ^= h >> 16
        h &*= 0x85eb_ca6b
        h ^= h >> 13
        h &*= 0xc2b2_ae35
        h ^= h >> 16
        return h
    }

    /// CBOR (RFC 8949) head: major type and argument, shortest form.
    static func cborHead(major: UInt8, _ n: Int, into out: inout [UInt8]) {
        let m = major << 5
        switch n {
        case ..<24: out.append(m | UInt8(n))
        case ..<0x100: out += [m | 24, UInt8(n)]
        case ..<0x10000: out += [m | 25, UInt8(n >> 8), UInt8(n & 0xFF)]
        default: out += [m | 26, UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
        }
    }

    /// CBOR of an array of text strings.
    public static func cbor(strings: [String]) -> [UInt8] {
        var out: [UInt8] = []
        cborHead(major: 4, strings.count, into: &out)
        for s in strings { cborHead(major: 3, s.utf8.count, into: &out); out += s.utf8 }
        return out
    }

    /// CBOR of one text string (a custom bucketing value).
    public static func cbor(string s: String) -> [UInt8] {
        var out: [UInt8] = []
        cborHead(major: 3, s.utf8.count, into: &out)
        out += s.utf8
        return out
    }

    /// The bucket in `0..<totalWeight` of a hash, as flagd computes it.
    public static func bucket(_ hash: UInt32, totalWeight: Int) -> Int {
        Int((UInt64(hash) * UInt64(totalWeight)) >> 32)
    }
}
