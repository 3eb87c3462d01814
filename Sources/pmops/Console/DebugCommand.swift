import ArgumentParser
import Foundation
import OpsConsole
import OpsCore
import OpsStore
import TermUI

/// Hidden developer tools: print the key table, render a pane off-screen.
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug", abstract: "Developer tools (keys table, off-screen render).",
        shouldDisplay: false, subcommands: [Keys.self, Render.self])

    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print Docs/KEYS.md from the command table.")
        func run() throws { print(CommandTable().markdown(), terminator: "") }
    }

    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Render the console into a text grid, as golden tests do.")
        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("Pane to show, by registry id (\(PaneRegistry.standard.ids.joined(separator: ", "))).", valueName: "id"))
        var pane: String = "health"
        @Option(help: "Size as WIDTHxHEIGHT.") var size: String = "120x40"
        @Option(help: "Keys to press first, as characters (e.g. 'a' for the audit view).") var keys: String = ""
        @Flag(help: "Also print the style grid.") var styles = false

        func run() throws {
            let (width, height) = try InputLimits.size(size, field: "size", widths: 20...1_000, heights: 5...500)
            let ids = PaneRegistry.standard.ids
            guard ids.contains(pane) else { throw ValidationError("Unknown pane \(Printable.excerpt(pane)); panes: \(ids.joined(separator: ", ")).") }
            let db = try store.open()
            let text = MainActor.assumeIsolated { () -> String in
                let env = ConsoleEnvironment(store: db, actor: store.actor)
                let app = ConsoleApp(env: env)
                app.switchTo(pane)
                for c in keys { _ = app.handle(.key(.char(c))) }
                var buffer = ScreenBuffer(size: Size(width: width, height: height))
                app.render(into: &buffer, capabilities: .full)
                var legend: [Style: Character] = [:]
                return buffer.textGrid() + (styles ? "\n--- styles ---\n" + buffer.styleGrid(legend: &legend) : "")
            }
            print(text)
        }
    }
}
