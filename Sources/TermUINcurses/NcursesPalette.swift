import CNcursesw
import Glibc
import TermUI

/// Turns `Style`s into ncurses attributes and colour pairs.
///
/// Pairs are allocated lazily, one per (foreground, background) actually drawn, with
/// `init_extended_pair` so more than 256 (and colour numbers above 32767, as in direct
/// colour) work. Colours are first reduced by `TerminalColorMapper` to the depth found.
struct NcursesPalette {
    /// Colour numbers as ncurses wants them: -1 is the terminal default.
    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    let depth: TerminalCapabilities.ColorDepth
    /// False when use_default_colors failed: `.default` then means white on black.
    private let hasDefaultColors: Bool
    private let maximumPairs: Int32
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private var lastStyle: Style?
    private var lastResult: (attributes: attr_t, pair: Int32) = (0, 0)
    private let attributeTable: [attr_t]

    /// Decides the colour depth and, when colours are wanted, calls start_color.
    /// Must run after newterm. NO_COLOR (any non-empty value) means no colour escapes at
    /// all, so start_color is not even called; attributes still work.
    init(environment: (String) -> String?) {
        attributeTable = (0..<32).map(Self.attributes(forRawValue:))
        let noColor = !(environment("NO_COLOR") ?? "").isEmpty
        guard !noColor, has_colors(), start_color() != ERR else {
            depth = .none
            hasDefaultColors = false
            maximumPairs = 0
            return
        }
        hasDefaultColors = use_default_colors() != ERR
        maximumPairs = Int32(pm_color_pairs())
        depth = Self.depth(colors: pm_colors(), colorTerm: environment("COLORTERM") ?? "")
    }

    /// A palette for before `start`: no colours, no ncurses calls.
    private init() {
        attributeTable = Array(repeating: 0, count: 32)
        depth = .none
        hasDefaultColors = false
        maximumPairs = 0
    }

    static var none: NcursesPalette { NcursesPalette() }

    /// The attributes and pair number for `style`, allocating the pair on first use.
    /// Falls back to pair 0 (default colours) once the terminal's pairs run out.
    mutating func resolve(_ style: Style) -> (attributes: attr_t, pair: Int32) {
        if let lastStyle, lastStyle == style { return lastResult }
        let attributes = attributeTable[Int(style.attributes.rawValue & 31)]
        var pair: Int32 = 0
        if depth != .none {
            let key = PairKey(
                foreground: number(for: style.foreground, isForeground: true),
                background: number(for: style.background, isForeground: false))
            pair = pairNumber(for: key)
        }
        lastStyle = style
        lastResult = (attributes, pair)
        return lastResult
    }

    // MARK: - Private

    private mutating func pairNumber(for key: PairKey) -> Int32 {
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let existing = pairs[key] { return existing }
        guard nextPair < maximumPairs, init_extended_pair(nextPair, key.foreground, key.background) != ERR else {
            return 0
        }
        pairs[key] = nextPair
        nextPair += 1
        return nextPair - 1
    }

    private func number(for color: Color, isForeground: Bool) -> Int32 {
        switch TerminalColorMapper.reduce(color, to: depth) {
        case .default:
            return hasDefaultColors ? -1 : (isForeground ? Int32(COLOR_WHITE) : Int32(COLOR_BLACK))
        case .ansi(let n):
            return Int32(n)
        case .indexed(let n):
            return Int32(n)
        case .rgb(let r, let g, let b):
            // Direct colour: numbers below 8 still mean the ANSI colours, so nudge them.
            return max(8, Int32(r) << 16 | Int32(g) << 8 | Int32(b))
        }
    }

    private static func depth(colors: Int32, colorTerm: String) -> TerminalCapabilities.ColorDepth {
        let wantsTrueColor = ["truecolor", "24bit"].contains(colorTerm.lowercased())
        // Only a direct-colour terminfo entry (RGB flag, 2^24 colours) lets ncurses emit
        // 24-bit colour; otherwise rgb is mapped to the 256-colour palette.
        if wantsTrueColor && colors >= 1 << 24 { return .trueColor }
        switch colors {
        case 256...: return .palette256
        case 16..<256: return .sixteen
        case 8..<16: return .eight
        default: return .none
        }
    }

    private static func attributes(forRawValue raw: Int) -> attr_t {
        let set = TextAttributes(rawValue: UInt8(raw))
        var result = pm_a_normal()
        if set.contains(.bold) { result |= pm_a_bold() }
        if set.contains(.dim) { result |= pm_a_dim() }
        if set.contains(.italic) { result |= pm_a_italic() }
        if set.contains(.underline) { result |= pm_a_underline() }
        if set.contains(.reverse) { result |= pm_a_reverse() }
        return result
    }
}
