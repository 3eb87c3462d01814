/// Parses the style half of a theme line: `bold red on default`, `reverse`, `#8a8a8a`,
/// `color240 on black`, `default`, `none`.
///
/// Attributes may appear anywhere; the first colour is the foreground and `on COLOUR`
/// sets the background. Names are case-insensitive.
enum StyleSpec {
    /// What went wrong, without file/line (the theme parser adds those).
    enum Failure: Error, Equatable {
        case invalidColor(String)
        case message(String)
    }

    static func parse(_ spec: String) -> Result<Style, Failure> {
        let tokens = spec.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
        guard !tokens.isEmpty else { return .failure(.message("missing style after '='")) }
        var style = Style()
        var foreground: Color?
        var background: Color?
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token == "none" || token == "plain" { continue }
            if let attribute = TextAttributes.named.first(where: { $0.0 == token })?.1 {
                style.attributes.insert(attribute)
                continue
            }
            if token == "on" {
                guard index < tokens.count else { return .failure(.message("'on' must be followed by a colour")) }
                guard background == nil else { return .failure(.message("two background colours")) }
                let value = tokens[index]
                index += 1
                guard let color = color(value) else { return .failure(.invalidColor(value)) }
                background = color
                continue
            }
            guard let color = color(token) else {
                return .failure(looksLikeColor(token) ? .invalidColor(token) : .message("unknown word '\(token)' (expected an attribute, a colour or 'on')"))
            }
            guard foreground == nil else { return .failure(.message("two foreground colours ('on' missing before '\(token)'?)")) }
            foreground = color
        }
        style.foreground = foreground ?? .default
        style.background = background ?? .default
        return .success(style)
    }

    /// A colour token: a name, `bright-NAME`, `default`, `#rrggbb` or `colorN`.
    static func color(_ token: String) -> Color? {
        if token == "default" { return .default }
        if let index = Color.ansiNames.firstIndex(of: token) { return .ansi(UInt8(index)) }
        if token.hasPrefix("#") {
            let hex = token.dropFirst()
            guard hex.count == 6, let value = UInt32(hex, radix: 16) else { return nil }
            return .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
        }
        if token.hasPrefix("color") {
            let digits = token.dropFirst(5)
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy(\.isASCII), let value = UInt8(digits) else { return nil }
            return .indexed(value)
        }
        return nil
    }

    /// Whether an unparseable token was meant as a colour (for a precise error).
    private static func looksLikeColor(_ token: String) -> Bool {
        token.hasPrefix("#") || token.hasPrefix("color") || token.hasPrefix("bright")
    }
}

extension Style {
    /// Parses theme-file syntax (`bold red on default`); nil when it does not parse.
    /// The inverse of `description`.
    public init?(spec: String) {
        guard case .success(let style) = StyleSpec.parse(spec) else { return nil }
        self = style
    }
}
