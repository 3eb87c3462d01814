/// Semantic versions as flagd's `sem_ver` reads them: a leading `v` dropped, `1` and `1.2`
/// padded to `1.2.0`, then strict SemVer 2.0.0 (no leading zeros), build metadata ignored.
public struct FlagSemVer: Comparable, Sendable {
    enum Identifier: Comparable {
        case number(Int)
        case text(String)
        static func < (a: Identifier, b: Identifier) -> Bool {
            switch (a, b) {
            case let (.number(x), .number(y)): x < y
            case (.number, .text): true
            case (.text, .number): false
            case let (.text(x), .text(y)): Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
            }
        }
    }
    public let major: Int, minor: Int, patch: Int
    let prerelease: [Identifier]

    public init?(_ raw: String) {
        var text = Substring(raw)
        if text.first == "v" || text.first == "V" { text = text.dropFirst() }
        let numericEnd = text.firstIndex(where: { $0 == "-" || $0 == "+" }) ?? text.endIndex
        var core = text[..<numericEnd].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        while core.count < 3 { core.append("0") }
        guard core.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in core {
            guard let n = Self.number(part) else { return nil }
            numbers.append(n)
        }
        var rest = text[numericEnd...]
        var pre: [Identifier] = []
        if rest.first == "-" {
            let end = rest.firstIndex(of: "+") ?? rest.endIndex
            let parts = rest[rest.index(after: rest.startIndex)..<end].split(separator: ".", omittingEmptySubsequences: false)
            for part in parts {
                guard !part.isEmpty, part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return nil }
                if part.allSatisfy(\.isNumber) {
                    guard let n = Self.number(String(part)) else { return nil }
                    pre.append(.number(n))
                } else {
                    pre.append(.text(String(part)))
                }
            }
            rest = rest[end...]
        }
        if rest.first == "+" {
            let parts = rest.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
            guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }) else { return nil }
        } else if !rest.isEmpty {
            return nil
        }
        (major, minor, patch, prerelease) = (numbers[0], numbers[1], numbers[2], pre)
    }

    private static func number(_ s: String) -> Int? {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), s == "0" || s.first != "0", s.count < 18 else { return nil }
        return Int(s)
    }

    public static func == (a: FlagSemVer, b: FlagSemVer) -> Bool {
        (a.major, a.minor, a.patch) == (b.major, b.minor, b.patch) && a.prerelease == b.prerelease
    }

    public static func < (a: FlagSemVer, b: FlagSemVer) -> Bool {
        if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) { return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch) }
        switch (a.prerelease.isEmpty, b.prerelease.isEmpty) {
        case (true, true), (true, false): return false
        case (false, true): return true
        case (false, false): return a.prerelease.lexicographicallyPrecedes(b.prerelease)
        }
    }
}
