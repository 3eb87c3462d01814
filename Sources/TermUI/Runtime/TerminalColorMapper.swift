/// Reduces any `Color` to what a terminal of a given depth can show.
///
/// Pure and ncurses-free so the degradation rules (rgb → 256 → 16 → 8 → none) are unit
/// tested; the ncurses backend only turns the result into colour numbers.
public enum TerminalColorMapper {
    public typealias RGB = (red: UInt8, green: UInt8, blue: UInt8)

    /// `color` as the closest colour that exists at `depth`. `.default` always survives;
    /// at `.none` everything becomes `.default` (attributes still apply). At `.trueColor`
    /// palette colours above 7 become rgb, because direct-colour terminfo entries treat
    /// colour numbers ≥ 8 as 24-bit values.
    public static func reduce(_ color: Color, to depth: TerminalCapabilities.ColorDepth) -> Color {
        switch (color, depth) {
        case (.default, _), (_, .none):
            return .default
        case (.ansi(let n), .eight):
            return .ansi(n % 16 >= 8 ? n % 16 - 8 : n % 16)
        case (.ansi(let n), .sixteen), (.ansi(let n), .palette256):
            return .ansi(n % 16)
        case (.ansi(let n), .trueColor):
            return n % 16 < 8 ? .ansi(n % 16) : rgbColor(palette(n % 16))
        case (.indexed(let n), _) where n < 16:
            return reduce(.ansi(n), to: depth)
        case (.indexed(let n), .palette256):
            return .indexed(n)
        case (.indexed(let n), .trueColor):
            return rgbColor(palette(n))
        case (.indexed(let n), .sixteen), (.indexed(let n), .eight):
            return reduce(rgbColor(palette(n)), to: depth)
        case (.rgb, .trueColor):
            return color
        case (.rgb(let r, let g, let b), .palette256):
            return .indexed(nearestIndexed((r, g, b)))
        case (.rgb(let r, let g, let b), .sixteen):
            return .ansi(nearest((r, g, b), among: 0..<16))
        case (.rgb(let r, let g, let b), .eight):
            return .ansi(nearest((r, g, b), among: 0..<8))
        }
    }

    /// The xterm default RGB value of a 256-colour palette index.
    public static func palette(_ index: UInt8) -> RGB {
        switch index {
        case 0..<16:
            return ansiPalette[Int(index)]
        case 16..<232:
            let i = Int(index) - 16
            return (cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        default:
            let level = UInt8(8 + 10 * (Int(index) - 232))
            return (level, level, level)
        }
    }

    /// The nearest entry of the 6×6×6 cube or the grey ramp (16…255). Indexes 0…15 are
    /// never chosen: terminals and themes redefine them freely.
    public static func nearestIndexed(_ rgb: RGB) -> UInt8 {
        let cube = (cubeStep(rgb.red), cubeStep(rgb.green), cubeStep(rgb.blue))
        let cubeIndex = UInt8(16 + 36 * cube.0 + 6 * cube.1 + cube.2)
        let average = (Int(rgb.red) + Int(rgb.green) + Int(rgb.blue)) / 3
        let greyStep = min(23, max(0, (average - 3) / 10))
        let greyIndex = UInt8(232 + greyStep)
        return distance(rgb, palette(greyIndex)) < distance(rgb, palette(cubeIndex)) ? greyIndex : cubeIndex
    }

    /// The nearest of the given ANSI colours by squared RGB distance.
    public static func nearest(_ rgb: RGB, among candidates: Range<UInt8>) -> UInt8 {
        var best = candidates.lowerBound
        var bestDistance = Int.max
        for candidate in candidates {
            let d = distance(rgb, palette(candidate))
            if d < bestDistance {
                best = candidate
                bestDistance = d
            }
        }
        return best
    }

    // MARK: - Private

    private static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    private static let ansiPalette: [RGB] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    private static func rgbColor(_ rgb: RGB) -> Color { .rgb(rgb.red, rgb.green, rgb.blue) }

    private static func cubeStep(_ value: UInt8) -> Int {
        switch value {
        case 0..<48: return 0
        case 48..<115: return 1
        default: return (Int(value) - 35) / 40
        }
    }

    private static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = Int(a.red) - Int(b.red), dg = Int(a.green) - Int(b.green), db = Int(a.blue) - Int(b.blue)
        return dr * dr + dg * dg + db * db
    }
}
