import OpsCore
import Testing
import _OpsTestSupport

/// Every rejected field gets its own specific, single sentence; untrusted input is quoted
/// so an error message can never carry an escape sequence to the terminal.
@Suite("Staff field validation messages")
struct StaffValidationTests {
    static let loginAdvice = "use a-z, 0-9, '_' and '-'."

    static let badLogins: [(input: String, message: String)] = [
        ("JDoe", "'JDoe' contains an upper-case letter ('J'); logins are lower case; \(loginAdvice)"),
        ("jane doe", "'jane doe' contains a space; \(loginAdvice)"),
        ("josé", "'josé' contains the non-ASCII character 'é'; \(loginAdvice)"),
        ("j\u{1B}[2Jdoe", "'j\\u{1B}[2Jdoe' contains a control character; \(loginAdvice)"),
        (String(repeating: "a", count: 33), "'\(String(repeating: "a", count: 33))' is longer than 32 characters."),
        ("1jdoe", "'1jdoe' must start with a lower-case letter or '_'."),
        ("-jdoe", "'-jdoe' must start with a lower-case letter or '_'."),
        ("j.doe", "'j.doe' contains the character '.'; \(loginAdvice)"),
        ("", "a login is required."),
    ]

    @Test("bad logins are refused with a specific sentence", arguments: badLogins)
    func badLogin(input: String, message: String) throws {
        let error = try #require(StaffValidation.login(input))
        #expect(error.field == "login")
        #expect(error.message == message)
        #expect(Sentences.isOneSentence(error.message), "\(error.message)")
        #expect(!error.message.unicodeScalars.contains { $0.value == 0x1B }, "raw ESC leaked into the message")
    }

    @Test("good logins pass", arguments: ["jdoe", "_svc", "a", "ops-bot_2", String(repeating: "z", count: 32)])
    func goodLogin(input: String) {
        #expect(StaffValidation.login(input) == nil)
    }

    static let badNames: [(input: String, message: String)] = [
        ("", "a display name is required."),
        ("   ", "a display name is required."),
        (String(repeating: "x", count: 81), "the display name is 81 characters; the limit is 80."),
        ("Jane\u{1B}[31mDoe", "the display name contains the control character U+001B; only printable characters are allowed."),
        ("Jane\u{7}", "the display name contains the control character U+0007; only printable characters are allowed."),
        ("Jane \u{202E}eoD", "the display name contains the invisible bidirectional-text character U+202E; only printable characters are allowed."),
        ("Jane \u{2066}Doe", "the display name contains the invisible bidirectional-text character U+2066; only printable characters are allowed."),
        // 80 visible letters, 160 code points: SQLite's length() (the schema's CHECK) counts code points.
        (String(repeating: "e\u{301}", count: 80), "the display name is 160 characters; the limit is 80."),
    ]

    @Test("bad display names are refused with a specific sentence", arguments: badNames)
    func badName(input: String, message: String) throws {
        let error = try #require(StaffValidation.displayName(input))
        #expect(error.field == "name")
        #expect(error.message == message)
        #expect(Sentences.isOneSentence(error.message), "\(error.message)")
    }

    @Test("good display names pass", arguments: ["Jane Doe", "佐藤 花子", "Zoë O'Brien", String(repeating: "x", count: 80), "Ωμέγα"])
    func goodName(input: String) {
        #expect(StaffValidation.displayName(input) == nil)
    }

    static let badEmails: [(input: String, message: String)] = [
        ("jdoe", "'jdoe' has no '@'; write it as name@example.com."),
        ("j@doe@example.com", "'j@doe@example.com' has more than one '@'."),
        ("jdoe@localhost", "'jdoe@localhost' needs a domain like example.com after the '@'."),
        ("jdoe@example.", "'jdoe@example.' needs a domain like example.com after the '@'."),
        ("@example.com", "'@example.com' has nothing before the '@'."),
        ("j doe@example.com", "'j doe@example.com' contains spaces or control characters."),
        ("jdoe@exa_mple.com", "the domain of 'jdoe@exa_mple.com' contains characters a domain cannot have."),
        ("", "an email address is required."),
    ]

    @Test("bad emails are refused with a specific sentence", arguments: badEmails)
    func badEmail(input: String, message: String) throws {
        let error = try #require(StaffValidation.email(input))
        #expect(error.field == "email")
        #expect(error.message == message)
        #expect(Sentences.isOneSentence(error.message), "\(error.message)")
    }

    @Test("good emails pass", arguments: ["jdoe@example.com", "J.Doe+ops@Mail.Example.co.uk", "x@b-c.io"])
    func goodEmail(input: String) {
        #expect(StaffValidation.email(input) == nil)
    }

    @Test("role names: case and dashes tolerated, unknown ones named with the valid list")
    func roles() throws {
        #expect(try StaffValidation.roles(["Super-Admin", "ops", "OPS"]).get() == [.superAdmin, .ops])
        guard case let .failure(error) = StaffValidation.roles(["ops", "wizard"]) else {
            Issue.record("an unknown role was accepted")
            return
        }
        #expect(error.field == "role")
        #expect(error.message == "unknown role 'wizard'; roles are super_admin, admin, ops, security, support, finance, success, auditor, readonly.")
        #expect(Sentences.isOneSentence(error.message))
    }

    @Test("team names")
    func team() {
        #expect(StaffValidation.team("sre") == nil)
        #expect(StaffValidation.team("SRE Team")?.message == "'SRE Team' is not a team name; use 1–40 of a-z, 0-9, '-' and '_'.")
    }

    @Test("Printable.quote escapes controls and bidi overrides, keeps the rest")
    func quoting() {
        #expect(Printable.quote("a\u{1B}[0mb\u{202E}c\u{9}d é 佐藤") == "a\\u{1B}[0mb\\u{202E}c\\u{9}d é 佐藤")
        #expect(Printable.isForbidden("\u{85}"))
        #expect(!Printable.isForbidden("é"))
    }

    @Test("the sentence counter used by these tests can fail")
    func sentenceCounterIsNotATautology() {
        #expect(!Sentences.isOneSentence("Bad login. Use lower case."))
        #expect(!Sentences.isOneSentence("no full stop"))
        #expect(!Sentences.isOneSentence("two\nlines."))
        #expect(Sentences.isOneSentence("write it as name@example.com."))
    }
}
