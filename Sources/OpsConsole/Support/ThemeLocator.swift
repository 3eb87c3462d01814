import Foundation
import TermUI

/// Finds theme files by name or path. Shipped themes are looked up, in order, in
/// `$PMOPS_THEME_DIR`, `<binary>/../share/pmops/themes` (an installed binary, see
/// `make install`), and the nearest `Themes/` folder above the binary (a checkout run
/// with `swift run`); a name found in none of them is the copy built into the binary
/// (`ShippedThemes`), so a copied binary keeps its themes.
public enum ThemeLocator {
    public static func searchDirectories(executable: String = CommandLine.arguments.first ?? "") -> [String] {
        var dirs: [String] = []
        if let env = ProcessInfo.processInfo.environment["PMOPS_THEME_DIR"], !env.isEmpty { dirs.append(env) }
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        dirs.append(dir.appendingPathComponent("../share/pmops/themes").standardized.path)
        for _ in 0..<8 {
            dirs.append(dir.appendingPathComponent("Themes").path)
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return dirs
    }

    /// Loads `nameOrPath` (a shipped name like "light", or a file path).
    public static func load(_ nameOrPath: String, directories: [String] = searchDirectories()) throws(ThemeError) -> (Theme, warnings: [String]) {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".theme") {
            return try Theme.load(path: nameOrPath)
        }
        let fm = FileManager.default
        for dir in directories {
            let path = "\(dir)/\(nameOrPath).theme"
            if fm.fileExists(atPath: path) { return try Theme.load(path: path) }
        }
        if let text = ShippedThemes.files[nameOrPath] { return try Theme.parse(text, source: "built-in/\(nameOrPath).theme") }
        if nameOrPath == "default" { return (Theme.default, []) }
        return try Theme.load(path: "\(directories.last ?? ".")/\(nameOrPath).theme")
    }

    /// Names of the shipped themes: the first folder holding any, plus the built-in ones.
    public static func available(directories: [String] = searchDirectories()) -> [String] {
        var names = Set(ShippedThemes.files.keys).union(["default"])
        for dir in directories {
            if let files = try? FileManager.default.contentsOfDirectory(atPath: dir) {
                let found = files.filter { $0.hasSuffix(".theme") }.map { String($0.dropLast(6)) }
                if !found.isEmpty {
                    names.formUnion(found)
                    break
                }
            }
        }
        return names.sorted()
    }
}
