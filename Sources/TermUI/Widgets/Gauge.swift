/// A horizontal bar with a label at its right ("█████▌░░░░  55%"): disk, CPU, quota.
///
/// Unicode draws eighth-cell precision with block elements; ASCII uses "#" and "-".
/// A NaN ratio (no data) draws an empty bar labelled "n/a" rather than a fake 0%.
public struct Gauge: Hashable, Sendable {
    /// 0…1; values outside are clamped.
    public var ratio: Double
    /// Replaces the default percentage label.
    public var label: String?

    public init(ratio: Double, label: String? = nil) {
        self.ratio = ratio
        self.label = label
    }

    static let eighths: [String] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// Draws on the first row of `area`.
    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, capabilities: TerminalCapabilities = .full) {
        guard !area.isEmpty else { return }
        let known = ratio.isFinite
        let clamped = known ? min(1, max(0, ratio)) : 0
        let text = label.map(Sanitizer.sanitize) ?? (known ? "\(Int((clamped * 100).rounded()))%" : "n/a")
        let labelText = TextWidth.truncate(text, toWidth: area.width)
        let labelWidth = TextWidth.width(of: labelText)
        let barWidth = area.width - labelWidth - 1
        if barWidth > 0 {
            let (fill, partial, empty) = segments(width: barWidth, ratio: clamped, unicode: capabilities.unicode)
            var x = area.x
            x += buffer.put(fill + partial, x: x, y: area.y, style: theme[.gaugeFill], maxWidth: barWidth)
            buffer.put(empty, x: x, y: area.y, style: theme[.gaugeEmpty], maxWidth: area.x + barWidth - x)
            buffer.put(" ", x: area.x + barWidth, y: area.y, style: theme[.text])
        }
        buffer.put(TextWidth.pad(labelText, toWidth: labelWidth, alignment: .right), x: area.maxX - labelWidth, y: area.y, style: theme[.text])
    }

    /// The filled run, the partial cell (Unicode only) and the empty run.
    func segments(width: Int, ratio: Double, unicode: Bool) -> (String, String, String) {
        let exact = ratio * Double(width)
        if !unicode {
            let full = min(width, Int(exact.rounded()))
            return (String(repeating: "#", count: full), "", String(repeating: "-", count: width - full))
        }
        var full = min(width, Int(exact))
        var eighth = Int(((exact - Double(full)) * 8).rounded())
        if eighth == 8 {
            full += 1
            eighth = 0
        }
        full = min(width, full)
        let partial = full < width ? Self.eighths[eighth] : ""
        let used = full + (partial.isEmpty ? 0 : 1)
        return (String(repeating: "█", count: full), partial, String(repeating: "░", count: width - used))
    }
}
