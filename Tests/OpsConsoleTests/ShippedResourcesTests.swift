import Foundation
import OpsCollector
import OpsConsole
import Testing
import TermUI
import _OpsTestSupport

/// The rules and themes compiled into pmops are the files in Rules/ and Themes/, byte for
/// byte (Scripts/gen-resources.sh writes them), and every one of them loads cleanly.
@Suite("Shipped rules and themes compiled in")
struct ShippedResourcesTests {
    static func files(_ folder: String, _ suffix: String) throws -> [String: String] {
        let root = try RepoFiles.root()
        let names = try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder).filter { $0.hasSuffix(suffix) }
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try RepoFiles.text(folder + "/" + $0)) })
    }

    @Test("ShippedRules holds every Rules/*.rules file exactly (run Scripts/gen-resources.sh)")
    func rulesInSync() throws {
        #expect(ShippedRules.files == (try Self.files("Rules", ".rules")))
    }

    @Test("ShippedThemes holds every Themes/*.theme file exactly (run Scripts/gen-resources.sh)")
    func themesInSync() throws {
        let files = try Self.files("Themes", ".theme")
        #expect(ShippedThemes.files == Dictionary(uniqueKeysWithValues: files.map { (String($0.key.dropLast(6)), $0.value) }))
    }

    @Test("the built-in rules parse with no error or warning")
    func builtInRulesClean() throws {
        let parsed = RuleSet.builtIn()
        #expect(parsed.errors.map(\.description) == [])
        #expect(parsed.warnings.map(\.description) == [])
        #expect(try parsed.get().rules.count == 16)
    }

    @Test("a theme name found in no folder loads the built-in copy", arguments: ["default", "light", "high-contrast", "mono"])
    func builtInTheme(_ name: String) throws {
        let (theme, warnings) = try ThemeLocator.load(name, directories: ["/nonexistent-pmops-themes"])
        #expect(warnings == [])
        let fromFile = try Theme.load(path: try RepoFiles.root() + "/Themes/\(name).theme").0
        #expect(theme == fromFile)
        #expect(ThemeLocator.available(directories: ["/nonexistent-pmops-themes"]).contains(name))
    }
}
