#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reading a theme from disk; the only file access in TermUI.
extension Theme {
    /// Reads and parses the theme file at `path` over `base`; see `parse(_:source:base:)`.
    public static func load(path: String, base: Theme = .default) throws(ThemeError) -> (Theme, warnings: [String]) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "not UTF-8 text")
        }
        return try parse(text, source: path, base: base)
    }
}
