/// A small time-series chart: newest sample at the right edge.
///
/// With Unicode it packs 2 samples per cell and 4 levels per row using braille
/// (U+2800–U+28FF), so an 40-column sparkline shows 80 samples; without it, one sample
/// per cell with the ramp " .:-=+*#". NaN and infinite samples are gaps (a missed
/// scrape must not look like a zero); finite samples show at least one dot, so a zero
/// is distinguishable from no data.
public struct Sparkline: Hashable, Sendable {
    public var values: [Double]
    /// The value range mapped to the area's height; nil means min(0, lowest)…highest.
    public var range: ClosedRange<Double>?

    public init(values: [Double], range: ClosedRange<Double>? = nil) {
        self.values = values
        self.range = range
    }

    static let asciiRamp: [Character] = Array(" .:-=+*#")
    /// Braille dot bits filled from the bottom up, left and right column.
    static let leftDots: [UInt32] = [0x40, 0x04, 0x02, 0x01]
    static let rightDots: [UInt32] = [0x80, 0x20, 0x10, 0x08]

    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, capabilities: TerminalCapabilities = .full) {
        guard !area.isEmpty else { return }
        let style = theme[.chartLine]
        let perCell = capabilities.unicode ? 2 : 1
        let levelsPerRow = capabilities.unicode ? 4 : Self.asciiRamp.count - 1
        let levels = self.levels(count: area.width * perCell, maxLevel: levelsPerRow * area.height)
        for row in 0..<area.height {
            let floor = (area.height - 1 - row) * levelsPerRow
            var line = ""
            line.unicodeScalars.reserveCapacity(area.width)
            for column in 0..<area.width {
                let fill = { (level: Int?) -> Int in min(levelsPerRow, max(0, (level ?? 0) - floor)) }
                if capabilities.unicode {
                    let left = fill(levels[2 * column])
                    let right = fill(levels[2 * column + 1])
                    var bits: UInt32 = 0
                    for dot in 0..<left { bits |= Self.leftDots[dot] }
                    for dot in 0..<right { bits |= Self.rightDots[dot] }
                    line.unicodeScalars.append(bits == 0 ? " " : Unicode.Scalar(0x2800 + bits) ?? " ")
                } else {
                    line.append(Self.asciiRamp[fill(levels[column])])
                }
            }
            buffer.put(line, x: area.x, y: area.y + row, style: style, maxWidth: area.width)
        }
    }

    /// The last `count` samples as levels 1…maxLevel (nil = gap), right-aligned.
    func levels(count: Int, maxLevel: Int) -> [Int?] {
        let recent = values.suffix(count)
        let finite = recent.filter(\.isFinite)
        let low = range?.lowerBound ?? min(0, finite.min() ?? 0)
        var high = range?.upperBound ?? (finite.max() ?? 1)
        if !(high > low) { high = low + 1 }
        let span = high - low
        var result = [Int?](repeating: nil, count: count - recent.count)
        result.reserveCapacity(count)
        for value in recent {
            guard value.isFinite, span.isFinite else {
                result.append(nil)
                continue
            }
            let scaled = min(1, max(0, (value - low) / span))
            result.append(max(1, Int((scaled * Double(maxLevel)).rounded())))
        }
        return result
    }
}
