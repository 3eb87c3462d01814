/// Styles spelled the way theme files write them ("bold red on default", "#8a8a8a",
/// "color240", "reverse"), so a snapshot legend can be pasted into a theme and back.
extension Color: CustomStringConvertible {
    /// The names of the 16 ANSI colours, index = colour number.
    static let ansiNames: [String] = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    public var description: String {
        switch self {
        case .default:
            return "default"
        case .ansi(let index):
            return Int(index) < Self.ansiNames.count ? Self.ansiNames[Int(index)] : "color\(index)"
        case .indexed(let index):
            return "color\(index)"
        case .rgb(let red, let green, let blue):
            return "#" + [red, green, blue].map { byte in
                let hex = String(byte, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
        }
    }
}

extension TextAttributes: CustomStringConvertible {
    /// Attribute names in the fixed order theme files and legends use.
    static let named: [(String, TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underline", .underline), ("reverse", .reverse),
    ]

    public var description: String {
        Self.named.filter { contains($0.1) }.map(\.0).joined(separator: " ")
    }
}

extension Style: CustomStringConvertible {
    /// Attributes, then the foreground, then "on" and the background; parts left at
    /// their defaults are omitted, and `.plain` is "default".
    public var description: String {
        var parts: [String] = []
        if !attributes.isEmpty { parts.append(attributes.description) }
        if foreground != .default || background != .default { parts.append(foreground.description) }
        if background != .default { parts.append("on \(background)") }
        return parts.isEmpty ? "default" : parts.joined(separator: " ")
    }
}
