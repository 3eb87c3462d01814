/// A complete mapping from every `ThemeKey` to a `Style`.
///
/// Always complete: a theme file only overrides some keys of a base (normally
/// `Theme.default`), so a widget can never meet a missing key.
public struct Theme: Hashable, Sendable {
    /// Shown in the UI and in messages; for files, the file name without ".theme".
    public var name: String
    private var styles: [ThemeKey: Style]

    /// A theme with `overrides` on top of `base`.
    public init(name: String, overrides: [ThemeKey: Style] = [:], base: Theme = .default) {
        self.name = name
        self.styles = base.styles.merging(overrides) { _, new in new }
    }

    /// The compiled-in themes' initializer: every key must be given.
    init(name: String, complete: [ThemeKey: Style]) {
        self.name = name
        self.styles = complete
    }

    public subscript(key: ThemeKey) -> Style {
        get { styles[key] ?? .plain }
        set { styles[key] = newValue }
    }

    /// The same theme with colours removed and attributes kept: for NO_COLOR and for
    /// terminals without colour.
    ///
    /// A style whose only distinction was its background (a coloured selection bar or
    /// status bar) gains `reverse`, so it stays visible instead of vanishing.
    public func monochrome() -> Theme {
        var result = self
        result.name = name + " (monochrome)"
        for key in ThemeKey.allCases {
            let style = self[key]
            var attributes = style.attributes
            if style.background != .default && !attributes.contains(.reverse) { attributes.insert(.reverse) }
            result[key] = Style(attributes: attributes)
        }
        return result
    }

    /// Whether any key uses a colour (the monochrome check in tests and `pmops doctor`).
    public var usesColor: Bool {
        ThemeKey.allCases.contains { self[$0].foreground != .default || self[$0].background != .default }
    }
}
