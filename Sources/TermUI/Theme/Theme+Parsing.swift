/// Reading theme files: human-editable `key = style` lines over a complete base theme.
extension Theme {
    /// Parses theme-file text over `base`.
    ///
    /// Format: one `key = style` per line; blank lines and lines starting with `#` are
    /// ignored, and ` # ` starts a trailing comment (a `#rrggbb` colour is not a comment).
    /// Unknown keys and repeated keys only warn ("file:line: unknown key 'x'"), so an old
    /// console can read a newer theme; a bad colour or a malformed line throws with
    /// file:line. The theme is named after `source` without directories and ".theme".
    public static func parse(_ text: String, source: String, base: Theme = .default) throws(ThemeError) -> (Theme, warnings: [String]) {
        var theme = Theme(name: themeName(from: source), overrides: [:], base: base)
        var warnings: [String] = []
        var firstLine: [ThemeKey: Int] = [:]
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = stripComment(rawLine)
            if line.isEmpty { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw .syntax(source: source, line: lineNumber, message: "expected 'key = style', got '\(Sanitizer.sanitize(line))'")
            }
            let name = line[..<equals].trimmingSpaces().lowercased()
            let value = String(line[line.index(after: equals)...])
            guard !name.isEmpty else {
                throw .syntax(source: source, line: lineNumber, message: "missing key before '='")
            }
            let style: Style
            switch StyleSpec.parse(value) {
            case .success(let parsed):
                style = parsed
            case .failure(.invalidColor(let token)):
                throw .invalidColor(source: source, line: lineNumber, token: Sanitizer.sanitize(token))
            case .failure(.message(let message)):
                throw .syntax(source: source, line: lineNumber, message: Sanitizer.sanitize(message))
            }
            guard let key = ThemeKey(rawValue: name) else {
                warnings.append("\(source):\(lineNumber): unknown key '\(Sanitizer.sanitize(name))'")
                continue
            }
            if let first = firstLine[key] {
                warnings.append("\(source):\(lineNumber): key '\(name)' set again (first set on line \(first)); the last one wins")
            } else {
                firstLine[key] = lineNumber
            }
            theme[key] = style
        }
        return (theme, warnings)
    }

    /// The line without its comment and surrounding blanks.
    static func stripComment(_ line: Substring) -> String {
        let trimmed = line.trimmingSpaces()
        if trimmed.hasPrefix("#") { return "" }
        var previous: Character = " "
        var index = trimmed.startIndex
        while index < trimmed.endIndex {
            let character = trimmed[index]
            let next = trimmed.index(after: index)
            let followedByBlank = next == trimmed.endIndex || trimmed[next] == " " || trimmed[next] == "\t"
            if character == "#" && (previous == " " || previous == "\t") && followedByBlank {
                return trimmed[..<index].trimmingSpaces()
            }
            previous = character
            index = next
        }
        return trimmed
    }

    /// "Themes/high-contrast.theme" → "high-contrast".
    static func themeName(from source: String) -> String {
        let file = source.split(separator: "/").last.map(String.init) ?? source
        return file.hasSuffix(".theme") ? String(file.dropLast(6)) : file
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and carriage returns.
    func trimmingSpaces() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}
