import Foundation
import Testing
@testable import TermUI

@Suite struct ThemeTests {
    /// The repository's Themes/ folder, found from this file (works through symlinks).
    static let themesDirectory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Themes")

    static func shippedThemeFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: themesDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "theme" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func everyShippedThemeParsesCleanlyAndListsEveryKey() throws {
        let files = try Self.shippedThemeFiles()
        #expect(files.map(\.lastPathComponent) == ["default.theme", "high-contrast.theme", "light.theme", "mono.theme"])
        for file in files {
            let (theme, warnings) = try Theme.load(path: file.path)
            #expect(warnings.isEmpty, "\(file.lastPathComponent): \(warnings)")
            #expect(theme.name == file.deletingPathExtension().lastPathComponent)
            let text = try String(contentsOf: file, encoding: .utf8)
            let keys = Set(text.split(separator: "\n").compactMap { line -> String? in
                guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { return nil }
                return line[..<equals].trimmingSpaces()
            })
            #expect(keys == Set(ThemeKey.allCases.map(\.rawValue)), "\(file.lastPathComponent)")
        }
    }

    @Test func defaultFileMirrorsTheCompiledInDefault() throws {
        let (theme, _) = try Theme.load(path: Self.themesDirectory.appendingPathComponent("default.theme").path, base: Theme(name: "blank", overrides: [:]).monochrome())
        for key in ThemeKey.allCases {
            #expect(theme[key] == Theme.default[key], "\(key.rawValue)")
        }
    }

    @Test func monoHasNoColours() throws {
        let (mono, _) = try Theme.load(path: Self.themesDirectory.appendingPathComponent("mono.theme").path)
        #expect(!mono.usesColor)
        #expect(Theme.default.usesColor)
        let derived = Theme.default.monochrome()
        #expect(!derived.usesColor)
        #expect(derived[.selection].attributes.contains(.reverse))
        #expect(derived[.severityCritical] == Style(attributes: .bold))
    }

    @Test func parsesTheDocumentedSyntax() throws {
        let text = """
            # comment
            severity.critical = bold red on default
              selection = REVERSE   # trailing comment
            text.dim = #8a8a8a
            chart.line = color240 on bright-black
            border = none
            """
        let (theme, warnings) = try Theme.parse(text, source: "my.theme")
        #expect(warnings.isEmpty)
        #expect(theme.name == "my")
        #expect(theme[.severityCritical] == Style(foreground: .ansi(1), attributes: .bold))
        #expect(theme[.selection] == Style(attributes: .reverse))
        #expect(theme[.textDim] == Style(foreground: .rgb(0x8A, 0x8A, 0x8A)))
        #expect(theme[.chartLine] == Style(foreground: .indexed(240), background: .ansi(8)))
        #expect(theme[.border] == .plain)
        #expect(theme[.title] == Theme.default[.title])
    }

    @Test func unknownAndRepeatedKeysWarn() throws {
        let (_, warnings) = try Theme.parse("text = bold\nfancy.key = red\ntext = dim\n", source: "x.theme")
        #expect(warnings == [
            "x.theme:2: unknown key 'fancy.key'",
            "x.theme:3: key 'text' set again (first set on line 1); the last one wins",
        ])
    }

    @Test(arguments: [
        ("text = bold\nborder = #12345g", ThemeError.invalidColor(source: "bad.theme", line: 2, token: "#12345g")),
        ("border = color256", .invalidColor(source: "bad.theme", line: 1, token: "color256")),
        ("border = bright-purple", .invalidColor(source: "bad.theme", line: 1, token: "bright-purple")),
        ("border = red on mauve", .invalidColor(source: "bad.theme", line: 1, token: "mauve")),
        ("\n\nborder red", .syntax(source: "bad.theme", line: 3, message: "expected 'key = style', got 'border red'")),
        ("border =", .syntax(source: "bad.theme", line: 1, message: "missing style after '='")),
        ("border = blod", .syntax(source: "bad.theme", line: 1, message: "unknown word 'blod' (expected an attribute, a colour or 'on')")),
        ("border = red blue", .syntax(source: "bad.theme", line: 1, message: "two foreground colours ('on' missing before 'blue'?)")),
        ("border = red on", .syntax(source: "bad.theme", line: 1, message: "'on' must be followed by a colour")),
    ])
    func rejectsBadLines(text: String, expected: ThemeError) {
        #expect(throws: expected) { try Theme.parse(text, source: "bad.theme") }
    }

    @Test func errorMessagesNameFileAndLine() {
        let error = ThemeError.invalidColor(source: "a.theme", line: 4, token: "#zz")
        #expect(error.description.hasPrefix("a.theme:4: invalid colour '#zz'"))
        #expect(throws: ThemeError.self) { try Theme.load(path: "/nonexistent/none.theme") }
    }

    @Test func styleDescriptionsRoundTrip() throws {
        for file in try Self.shippedThemeFiles() {
            let (theme, _) = try Theme.load(path: file.path)
            for key in ThemeKey.allCases {
                #expect(Style(spec: theme[key].description) == theme[key], "\(file.lastPathComponent) \(key.rawValue)")
            }
        }
        #expect(Style(spec: "bold #0a0b0c on color7")?.description == "bold #0a0b0c on color7")
    }
}
