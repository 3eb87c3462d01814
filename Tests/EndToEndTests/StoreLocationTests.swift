import Foundation
import Testing
import _OpsTestSupport

/// The default store location follows the XDG base-directory spec: `$XDG_DATA_HOME`, else
/// `$HOME/.local/share`, and the password entry's home only when `HOME` is unset.
@Suite("Default store location")
struct StoreLocationTests {
    /// The default store path a command names when nothing is there (nothing is created):
    /// its directory when that is missing, else the file.
    static func missingStorePath(_ cli: PmopsCLI, env: [String: String]) throws -> String {
        let result = try ChildProcess.run(cli.binary, ["users", "list"], environment: env, directory: cli.dir.path)
        #expect(result.status != 0, "\(result)")
        let text = result.stderr
        if let start = text.range(of: "The directory "), let end = text.range(of: " does not exist", range: start.upperBound..<text.endIndex) {
            return String(text[start.upperBound..<end.lowerBound]) + "/pmops.sqlite"
        }
        if let start = text.range(of: "No database at "), let end = text.range(of: "; run", range: start.upperBound..<text.endIndex) {
            return String(text[start.upperBound..<end.lowerBound])
        }
        return text
    }

    static func baseEnvironment(_ cli: PmopsCLI) -> [String: String] {
        var env = cli.environment()
        env["XDG_DATA_HOME"] = nil
        return env
    }

    @Test("XDG_DATA_HOME unset: the store goes under $HOME/.local/share, not the password entry's home")
    func homeHonoured() throws {
        let cli = try PmopsCLI(initialize: false)
        var env = Self.baseEnvironment(cli)
        env["HOME"] = cli.dir.file("elsewhere")
        #expect(try Self.missingStorePath(cli, env: env) == cli.dir.file("elsewhere") + "/.local/share/pmops/pmops.sqlite")
        env["XDG_DATA_HOME"] = ""
        #expect(try Self.missingStorePath(cli, env: env) == cli.dir.file("elsewhere") + "/.local/share/pmops/pmops.sqlite")
        env["XDG_DATA_HOME"] = "relative/dir"
        #expect(try Self.missingStorePath(cli, env: env) == cli.dir.file("elsewhere") + "/.local/share/pmops/pmops.sqlite",
                "a relative XDG_DATA_HOME is ignored, as the spec says")
        env["XDG_DATA_HOME"] = cli.dir.file("xdg")
        #expect(try Self.missingStorePath(cli, env: env) == cli.dir.file("xdg") + "/pmops/pmops.sqlite")
    }

    @Test("HOME unset: the password entry's home")
    func passwdFallback() throws {
        let cli = try PmopsCLI(initialize: false)
        var env = Self.baseEnvironment(cli)
        env["HOME"] = nil
        let home = try #require(getpwuid(geteuid())?.pointee.pw_dir.map { String(cString: $0) })
        #expect(try Self.missingStorePath(cli, env: env) == home + "/.local/share/pmops/pmops.sqlite")
    }

    @Test("pmops demo keeps its store under $HOME/.local/share/pmops/demo.sqlite")
    func demoStore() throws {
        let cli = try PmopsCLI(initialize: false)
        var env = Self.baseEnvironment(cli)
        env["HOME"] = cli.dir.file("demo-home")
        try FileManager.default.createDirectory(atPath: cli.dir.file("demo-home"), withIntermediateDirectories: false)
        _ = try ChildProcess.run(cli.binary, ["demo"], environment: env, directory: cli.dir.path, timeout: 60)
        #expect(FileManager.default.fileExists(atPath: cli.dir.file("demo-home") + "/.local/share/pmops/demo.sqlite"))
    }
}
