import Foundation
import Testing
import _OpsTestSupport

/// What the real terminal (tmux's emulator) ends up showing: colours, hostile text, wide
/// characters, old terminals and non-UTF-8 locales.
@Suite("Console e2e: rendering")
struct ConsoleRenderingTests {
    // MARK: - Colour

    @Test("NO_COLOR=1: the captured screen holds no colour, only attributes")
    func noColor() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli, environment: ["NO_COLOR": "1"])
        defer { console.close() }
        try console.waitForTable()
        try console.tmux.press("?")  // a dialog too
        try console.tmux.waitFor("Esc closes")
        let screen = try console.tmux.capture(escapes: true)
        let colours = SGR.colourSequences(in: screen)
        #expect(colours.isEmpty, "colour escapes under NO_COLOR: \(Set(colours).sorted())")
        // Selection and the dialog still show through attributes.
        #expect(SGR.sequences(in: screen).contains { SGR.parameters($0).contains { $0 == 7 || $0 == 1 } },
                "no reverse or bold either:\n\(screen)")
    }

    @Test("Without NO_COLOR the same capture does hold colour (the detector works)")
    func colourByDefault() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli)
        defer { console.close() }
        try console.waitForTable()
        try console.tmux.press("?")
        try console.tmux.waitFor("Esc closes")
        let screen = try console.tmux.capture(escapes: true)
        #expect(!SGR.colourSequences(in: screen).isEmpty, "\(screen)")
    }

    // MARK: - Hostile text

    @Test("A display name with ESC[2J and U+202E renders inert (␛[2J, U+FFFD) and keeps ROLES aligned")
    func hostileName() throws {
        let cli = try PmopsCLI(initialize: false)
        #expect(try cli.run(["demo", "seed"]).status == 0)
        let list = try #require(try cli.json(["users", "list", "--json"]) as? [[String: Any]])
        let logins = list.compactMap { $0["login"] as? String }
        // A row in the middle of the first screen, with neighbours on both sides.
        let victim = logins[4]
        let roles = try #require(list[4]["roles"] as? [String]).joined(separator: ", ")
        try SQLite3.exec(cli.dbPath, """
            UPDATE staff SET display_name = 'Evil' || char(27) || '[2J' || char(8238) || 'gnp.exe' WHERE login = '\(victim)';
            """)
        let console = try ConsoleSession(cli: cli, recordOutput: true)
        defer { console.close() }
        let screen = try console.waitForTable()
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let row = try #require(lines.firstIndex { $0.contains("Evil␛[2J") }, "no ␛ picture on screen:\n\(screen)")
        #expect(!screen.contains("\u{1B}"), "raw ESC in the captured text")
        #expect(!screen.contains("\u{202E}"), "the bidi override reached the screen")
        #expect(lines[row].contains("Evil␛[2J\u{FFFD}gnp.exe"), "\(lines[row])")
        // The rest of the screen is intact (a real ESC[2J would have wiped it).
        #expect(lines[row - 1].hasPrefix(" \(logins[3]) ") || lines[row - 1].hasPrefix("\(logins[3]) "), "\(screen)")
        #expect(lines[row + 1].hasPrefix(" \(logins[5]) ") || lines[row + 1].hasPrefix("\(logins[5]) "), "\(screen)")

        // ROLES starts at the header's column on this row and on both neighbours.
        let header = try #require(lines.first { $0.contains("LOGIN") && $0.contains("ROLES") })
        let rolesColumn = try #require(DisplayColumns.column(of: "ROLES", in: header))
        for (index, expected) in [(row - 1, list[3]), (row, list[4]), (row + 1, list[5])] {
            let want = (expected["roles"] as? [String] ?? []).joined(separator: ", ")
            let cell = DisplayColumns.text(from: rolesColumn, in: lines[index])
            #expect(cell?.hasPrefix(want) == true, "row \(index) '\(lines[index])': ROLES should start at column \(rolesColumn) with '\(want)'")
            #expect(DisplayColumns.text(from: rolesColumn - 1, in: lines[index])?.first == " ", "row \(index) '\(lines[index])'")
        }
        #expect(lines[row].contains(roles))

        // What reached the terminal: never the name's raw ESC[2J or the override's bytes.
        let bytes = try console.output()
        #expect(!bytes.isEmpty)
        #expect(bytes.range(of: Data("Evil\u{1B}[2J".utf8)) == nil, "the raw name was written to the terminal")
        #expect(bytes.range(of: Data("\u{202E}".utf8)) == nil, "U+202E was written to the terminal")
    }

    @Test("CJK names (佐藤 花子, 李 小龙, 김 민준) keep the ROLES column aligned with an ASCII row")
    func cjkAlignment() throws {
        let cli = try PmopsCLI(initialize: false)
        #expect(try cli.run(["demo", "seed"]).status == 0)
        // An ASCII row that sorts among the staffN rows.
        let added = try cli.run(["users", "add", "--yes", "staff0", "--name", "Plain Ascii", "--email", "staff0@example.com", "--role", "ops"])
        #expect(added.status == 0, "\(added)")
        let console = try ConsoleSession(cli: cli)
        defer { console.close() }
        let tmux = console.tmux
        try console.waitForTable()
        try tmux.press("/")
        try tmux.type("staff")
        try tmux.press("Enter")
        let screen = try tmux.waitFor("\"staff\"", "佐藤 花子", "李 小龙", "김 민준", "Plain Ascii")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.first { $0.contains("LOGIN") && $0.contains("ROLES") })
        let rolesColumn = try #require(DisplayColumns.column(of: "ROLES", in: header))
        let teamColumn = try #require(DisplayColumns.column(of: "TEAM", in: header))
        let list = try #require(try cli.json(["users", "list", "--json"]) as? [[String: Any]])
        var checked: [String] = []
        for name in ["Plain Ascii", "佐藤 花子", "李 小龙", "김 민준"] {
            let line = try #require(lines.first { $0.contains(name) }, "\(name) not on screen:\n\(screen)")
            let account = try #require(list.first { $0["name"] as? String == name })
            let roles = (account["roles"] as? [String] ?? []).joined(separator: ", ")
            let team = account["team"] as? String ?? ""
            let rolesCell = DisplayColumns.text(from: rolesColumn, in: line)
            #expect(rolesCell?.hasPrefix(roles) == true, "'\(line)': ROLES should start at display column \(rolesColumn) with '\(roles)'")
            let teamCell = DisplayColumns.text(from: teamColumn, in: line)
            #expect(teamCell?.hasPrefix(team) == true, "'\(line)': TEAM should start at display column \(teamColumn) with '\(team)'")
            // The whole row is as wide as the header's row (nothing pushed off the edge).
            #expect(DisplayColumns.width(of: line) <= 120, "'\(line)'")
            checked.append(name)
        }
        #expect(checked.count == 4)
    }

    // MARK: - Terminals and locales

    @Test("TERM=vt100 and TERM=linux: the console opens, shows the table and exits cleanly",
          arguments: ["vt100", "linux"])
    func oldTerminals(_ term: String) throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli, environment: ["TERM": term])
        defer { console.close() }
        let screen = try console.waitForTable()
        #expect(screen.contains("NAME"), "\(screen)")
        try console.tmux.press("?")
        try console.tmux.waitFor("Esc closes")
        try console.tmux.press("Escape")
        try console.tmux.waitForAbsence(of: "Esc closes")
        try console.tmux.press("q")
        let exit = try console.waitForExit()
        #expect(exit.status == 0, "\(exit)")
        #expect(exit.terminalRestored, "\(exit)")
        // No alternate screen on these terminals: the console clears up after itself.
        let after = try console.tmux.waitFor("EXIT=0")
        #expect(!after.contains("LOGIN"), "the last frame was left under the prompt:\n\(after)")
    }

    @Test("LANG=C (not UTF-8): borders are ASCII (+, -, |) and no box-drawing character appears")
    func asciiLocale() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli, environment: ["LANG": "C"])
        defer { console.close() }
        try console.waitForTable()
        try console.tmux.press("?")
        let screen = try console.tmux.waitFor("Esc closes")
        let lines = screen.split(separator: "\n").map(String.init)
        // The overlay is drawn over the table: find its corners by column.
        let topIndex = try #require(lines.firstIndex { $0.contains("Help") && $0.contains("Esc closes") }, "\(screen)")
        let top = lines[topIndex]
        let left = try #require(DisplayColumns.column(of: "+", in: top), "top border: '\(top)'")
        let right = DisplayColumns.width(of: top[..<(top.lastIndex(of: "+") ?? top.startIndex)])
        #expect(right > left + 20, "top border: '\(top)'")
        #expect(top.contains("-") && DisplayColumns.text(from: left, in: top)?.hasPrefix("+") == true, "'\(top)'")
        let bottomIndex = try #require(lines.indices.first { $0 > topIndex && DisplayColumns.text(from: left, in: lines[$0])?.hasPrefix("+---") == true },
                                       "no bottom border:\n\(screen)")
        let bottom = try #require(DisplayColumns.text(from: left, in: lines[bottomIndex]))
        #expect(bottom.prefix(right - left + 1).allSatisfy { $0 == "+" || $0 == "-" } && bottom.prefix(right - left + 1).last == "+",
                "bottom border: '\(lines[bottomIndex])'")
        for index in (topIndex + 1)..<bottomIndex {
            #expect(DisplayColumns.text(from: left, in: lines[index])?.first == "|", "left border at \(left): '\(lines[index])'")
            #expect(DisplayColumns.text(from: right, in: lines[index])?.first == "|", "right border at \(right): '\(lines[index])'")
        }
        let boxDrawing = screen.unicodeScalars.filter { (0x2500...0x257F).contains($0.value) }
        #expect(boxDrawing.isEmpty, "box drawing under LANG=C: \(String(String.UnicodeScalarView(boxDrawing)))")
        #expect(!screen.contains("×") && !screen.contains("…") && !screen.contains("⚠"), "non-ASCII symbols under LANG=C:\n\(screen)")
    }

    @Test("Under C.UTF-8 the same overlay uses box drawing (the ASCII check is not vacuous)")
    func unicodeLocale() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli)
        defer { console.close() }
        try console.waitForTable()
        try console.tmux.press("?")
        let screen = try console.tmux.waitFor("Esc closes")
        #expect(screen.contains("┌") && screen.contains("│") && screen.contains("┘"), "\(screen)")
    }
}

/// SGR ("ESC [ … m") sequences in `capture-pane -e` output.
enum SGR {
    static func sequences(in text: String) -> [String] {
        var out: [String] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "[" {
                var j = i + 2
                while j < scalars.count, (0x30...0x3F).contains(scalars[j].value) { j += 1 }
                if j < scalars.count, scalars[j] == "m" {
                    out.append(String(String.UnicodeScalarView(scalars[(i + 2)..<j])))
                }
                i = j + 1
            } else {
                i += 1
            }
        }
        return out
    }

    static func parameters(_ sequence: String) -> [Int] {
        sequence.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
    }

    /// Sequences that set a colour: 30–37, 40–47, 90–97, 100–107, 38;5/48;5/38;2/48;2 (and
    /// the colon forms). 39 and 49 (default colour, which tmux itself emits) are allowed.
    static func colourSequences(in text: String) -> [String] {
        sequences(in: text).filter { sequence in
            if sequence.contains(":") { return sequence.contains("38:") || sequence.contains("48:") }
            let p = parameters(sequence)
            var k = 0
            while k < p.count {
                switch p[k] {
                case 30...37, 40...47, 90...97, 100...107: return true
                case 38, 48: return true
                default: k += 1
                }
            }
            return false
        }
    }
}
