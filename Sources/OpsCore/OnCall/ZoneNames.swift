import Foundation

/// A zone's abbreviations ("CET", "CEST", "EST", "EDT", "IST") as the system tz database
/// names them. Foundation on Linux only gives "GMT+1", so the TZif file
/// (`$TZDIR` or /usr/share/zoneinfo, RFC 8536) is read once per zone: the transition table
/// for instants it covers, its footer rule ("CET-1CEST,M3.5.0,M10.5.0/3") after it.
/// Numeric names ("-03", "+0530") and zones without a file read "UTC-03", "UTC+05:30".
public struct ZoneNames: Sendable {
    /// Transition instants, the local-time type in force from each, and the types.
    let transitions: [Int64]
    let typeIndex: [Int]
    let types: [(offset: Int, name: String)]
    /// The footer rule's standard name and offset (seconds east of UTC), and its DST name.
    let standard: (name: String, offset: Int)?
    let daylight: String?

    /// Nil when there is no readable TZif file for the identifier.
    public init?(identifier: String, directory: String? = nil) {
        guard !identifier.isEmpty, !identifier.hasPrefix("/"), !identifier.split(separator: "/").contains("..") else { return nil }
        let dir = directory ?? ProcessInfo.processInfo.environment["TZDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/share/zoneinfo"
        guard let data = FileManager.default.contents(atPath: dir + "/" + identifier), data.count <= 1 << 20 else { return nil }
        self.init(tzif: [UInt8](data))
    }

    init?(tzif b: [UInt8]) {
        func u32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= b.count else { return nil }
            return Int(b[at]) << 24 | Int(b[at + 1]) << 16 | Int(b[at + 2]) << 8 | Int(b[at + 3])
        }
        func header(_ at: Int) -> (isut: Int, isstd: Int, leap: Int, time: Int, type: Int, char: Int)? {
            guard at + 44 <= b.count, b[at] == 0x54, b[at + 1] == 0x5A, b[at + 2] == 0x69, b[at + 3] == 0x66,
                  let isut = u32(at + 20), let isstd = u32(at + 24), let leap = u32(at + 28), let time = u32(at + 32),
                  let type = u32(at + 36), let char = u32(at + 40), type > 0 else { return nil }
            return (isut, isstd, leap, time, type, char)
        }
        guard let v1 = header(0) else { return nil }
        var at = 0, h = v1, timeSize = 4
        if b[4] >= 0x32 {
            // Version 2+: skip the 32-bit block, read the 64-bit one.
            at = 44 + v1.time * 5 + v1.type * 6 + v1.char + v1.leap * 8 + v1.isstd + v1.isut
            guard let v2 = header(at) else { return nil }
            (h, timeSize) = (v2, 8)
        }
        var p = at + 44
        let end = p + h.time * timeSize + h.time + h.type * 6 + h.char
        guard end <= b.count else { return nil }
        var transitions: [Int64] = []
        for i in 0..<h.time {
            var v: Int64 = 0
            for k in 0..<timeSize { v = v << 8 | Int64(b[p + i * timeSize + k]) }
            if timeSize == 4 { v = Int64(Int32(truncatingIfNeeded: v)) }
            transitions.append(v)
        }
        p += h.time * timeSize
        let typeIndex = (0..<h.time).map { Int(b[p + $0]) }
        p += h.time
        let chars = Array(b[(p + h.type * 6)..<(p + h.type * 6 + h.char)])
        var types: [(offset: Int, name: String)] = []
        for i in 0..<h.type {
            let o = p + i * 6
            let offset = Int(Int32(truncatingIfNeeded: UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8 | UInt32(b[o + 3])))
            let start = min(Int(b[o + 5]), chars.count)
            let name = String(decoding: chars[start...].prefix { $0 != 0 }, as: UTF8.self)
            types.append((offset, name))
        }
        guard typeIndex.allSatisfy({ $0 < types.count }) else { return nil }
        self.transitions = transitions
        self.typeIndex = typeIndex
        self.types = types
        // The footer: "\n<POSIX TZ>\n" after the 64-bit block.
        let rest = b[(end + h.leap * (timeSize + 4) + h.isstd + h.isut)...]
        let footer = timeSize == 8 ? String(decoding: rest, as: UTF8.self).split(separator: "\n").first.map(String.init) : nil
        (standard, daylight) = footer.map(Self.rule) ?? (nil, nil)
    }

    /// The names and standard offset of a POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0").
    static func rule(_ text: String) -> (standard: (name: String, offset: Int)?, daylight: String?) {
        var s = Substring(text)
        func name() -> String? {
            if s.first == "<" {
                guard let close = s.firstIndex(of: ">") else { return nil }
                defer { s = s[s.index(after: close)...] }
                return String(s[s.index(after: s.startIndex)..<close])
            }
            let letters = s.prefix { $0.isLetter }
            s = s.dropFirst(letters.count)
            return letters.count >= 3 ? String(letters) : nil
        }
        guard let std = name() else { return (nil, nil) }
        let sign = s.first == "-" ? 1 : -1 // POSIX counts west of UTC
        if s.first == "-" || s.first == "+" { s = s.dropFirst() }
        let clock = s.prefix { $0.isNumber || $0 == ":" }
        s = s.dropFirst(clock.count)
        let parts = clock.split(separator: ":").compactMap { Int($0) }
        guard let hours = parts.first else { return (nil, nil) }
        let seconds = hours * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0)
        return ((std, sign * seconds), s.isEmpty || s.first == "," ? nil : name())
    }

    /// The raw name in force at `instant`, given the zone's offset then (nil when unknown).
    func name(at instant: Int64, offset: Int) -> String? {
        if let last = transitions.last, instant < last || standard == nil {
            var low = 0, high = transitions.count
            while low < high {
                let mid = (low + high) / 2
                if transitions[mid] <= instant { low = mid + 1 } else { high = mid }
            }
            // Before the first transition: the first type (RFC 8536 §3.2).
            let type = low == 0 ? types[0] : types[typeIndex[low - 1]]
            if type.offset == offset { return type.name }
        }
        if let standard {
            return offset == standard.offset ? standard.name : daylight
        }
        return types.count == 1 && types[0].offset == offset ? types[0].name : nil
    }

    /// "CET", "EDT"; "UTC-03" for numeric or unknown names.
    public static func abbreviation(_ name: String?, offset: Int) -> String {
        if let name, let first = name.first, first.isLetter, name.count <= 6 { return name }
        let sign = offset < 0 ? "-" : "+", a = abs(offset)
        if a == 0 { return "UTC" }
        return a % 3600 == 0 ? String(format: "UTC%@%02d", sign, a / 3600) : String(format: "UTC%@%02d:%02d", sign, a / 3600, a % 3600 / 60)
    }
}
