import ArgumentParser

/// `--json`, one definition for every command that prints JSON with the plain help text
/// (commands whose help adds a note keep their own flag).
struct JSONOutput: ParsableArguments {
    @Flag(help: "JSON output.") var json = false
}
