import OpsCore
import Testing

/// `sendmail:` commands are split like a POSIX shell splits words, never through a shell.
@Suite("ShellWords")
struct ShellWordsTests {
    @Test("words", arguments: [
        ("/usr/sbin/sendmail -t -i", ["/usr/sbin/sendmail", "-t", "-i"]),
        ("  a   b\t c ", ["a", "b", "c"]),
        ("a 'b c' d", ["a", "b c", "d"]),
        ("a \"b c\" d", ["a", "b c", "d"]),
        ("'it''s'", ["its"]),
        ("\"say \\\"hi\\\"\"", ["say \"hi\""]),
        ("\"back\\\\slash\" \"keep\\n\"", ["back\\slash", "keep\\n"]),
        ("a\\ b c\\'d", ["a b", "c'd"]),
        ("'$HOME' \"$HOME\" $HOME `id` ;", ["$HOME", "$HOME", "$HOME", "`id`", ";"]),
        ("'' \"\"", ["", ""]),
        ("x'y'\"z\"", ["xyz"]),
        ("", []),
    ] as [(String, [String])])
    func split(text: String, words: [String]) throws {
        #expect(try ShellWords.split(text).get() == words)
    }

    @Test("unbalanced quotes are errors", arguments: [
        ("a 'b", ShellWords.SplitError.unbalancedSingleQuote),
        ("a \"b", .unbalancedDoubleQuote),
        ("a \"b\\\"", .unbalancedDoubleQuote),
        ("a b\\", .trailingBackslash),
    ])
    func unbalanced(text: String, error: ShellWords.SplitError) {
        guard case let .failure(got) = ShellWords.split(text) else {
            Issue.record("'\(text)' was accepted")
            return
        }
        #expect(got == error)
    }
}
