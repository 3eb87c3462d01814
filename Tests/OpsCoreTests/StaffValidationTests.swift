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
        // (x + U+0301 has no precomposed form, so NFC keeps both code points.)
        (String(repeating: "x\u{301}", count: 80), "the display name is 160 characters; the limit is 80."),
    ]

    @Test("bad display names are refused with a specific sentence", arguments: badNames)
    func badName(input: String, message: String) throws {
        let error = try #require(StaffValidation.displayName(input))
        #expect(error.field == "name")
        #expect(error.message == message)
        #expect(Sentences.isOneSentence(error.message), "\(error.message)")
    }

    static let invisibleNames: [(input: String, code: String)] = [
        ("Ja\u{200B}ne", "U+200B"), ("Ja\u{200C}ne", "U+200C"), ("Ja\u{200D}ne", "U+200D"), ("\u{FEFF}Jane", "U+FEFF"),
        ("Ja\u{2060}ne", "U+2060"), ("Ja\u{2064}ne", "U+2064"), ("Jane\u{00AD}", "U+00AD"), ("Ja\u{E0041}ne", "U+E0041"),
    ]

    @Test("invisible format characters (Cf) in a display name are refused, naming the code point", arguments: invisibleNames)
    func invisibleName(input: String, code: String) throws {
        let error = try #require(StaffValidation.displayName(input))
        #expect(error.message == "the display name contains the invisible character \(code); only printable characters are allowed.")
    }

    @Test("display names are stored NFC: e + U+0301 and U+00E9 are one name")
    func nfc() {
        #expect(StaffValidation.normalizedName(" Jose\u{301} ") == "Jos\u{E9}")
        #expect(StaffValidation.normalizedName("Jos\u{E9}").unicodeScalars.count == 4)
    }

    static let lookAlikeEmails: [(input: String, code: String)] = [
        ("jdoe\u{FF20}example.com", "U+FF20"), ("j\u{0430}doe@example.com", "U+0430"), ("jdoe@ex\u{0430}mple.com", "U+0430"),
        ("ｊdoe@example.com", "U+FF4A"), ("jdoe@bücher.de", "U+00FC"),
    ]

    @Test("emails are ASCII: fullwidth and Cyrillic look-alikes are refused", arguments: lookAlikeEmails)
    func lookAlikeEmail(input: String, code: String) throws {
        let error = try #require(StaffValidation.email(input))
        #expect(error.message.contains("non-ASCII character \(code)"), "\(error.message)")
        #expect(Sentences.isOneSentence(error.message), "\(error.message)")
    }

    @Test("invisible characters in an email are refused", arguments: ["jdoe\u{200B}@example.com", "\u{FEFF}jdoe@example.com", "jdoe@exa\u{2060}mple.com"])
    func invisibleEmail(input: String) throws {
        let error = try #require(StaffValidation.email(input))
        #expect(error.message.hasSuffix("contains spaces, control or invisible characters."), "\(error.message)")
        #expect(!error.message.unicodeScalars.contains { Printable.isInvisible($0) }, "the message carries the invisible character")
    }

    @Test("echoed input: at most 60 characters plus the size, in the original case")
    func excerpt() throws {
        let long = String(repeating: "A", count: 100_000)
        let error = try #require(StaffValidation.team(long))
        #expect(error.message == "'\(String(repeating: "A", count: 60))…' (100000 bytes) is not a team name; use 1–40 of a-z, 0-9, '-' and '_'.")
        #expect(Printable.excerpt("abc") == "'abc'")
        #expect(Printable.excerpt(String(repeating: "é", count: 61)) == "'\(String(repeating: "é", count: 60))…' (122 bytes)")
        #expect(Printable.excerpt("a\u{1B}[2J") == "'a\\u{1B}[2J'")
        #expect(StaffValidation.team("SRE") == nil, "teams are checked as stored, lower-cased")
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
        ("j doe@example.com", "'j doe@example.com' contains spaces, control or invisible characters."),
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
        #expect(error.message == "unknown role 'wizard'; roles are super_admin, admin, ops, devops, security, support, finance, success, auditor, readonly.")
        #expect(Sentences.isOneSentence(error.message))
    }

    @Test("team names")
    func team() {
        #expect(StaffValidation.team("sre") == nil)
        #expect(StaffValidation.team("SRE Team")?.message == "'SRE Team' is not a team name; use 1–40 of a-z, 0-9, '-' and '_'.")
    }

    @Test("Printable.quote escapes controls, bidi overrides and invisible characters, keeps the rest")
    func quoting() {
        #expect(Printable.quote("a\u{1B}[0mb\u{202E}c\u{9}d é 佐藤") == "a\\u{1B}[0mb\\u{202E}c\\u{9}d é 佐藤")
        #expect(Printable.quote("ad\u{200B}min\u{FEFF}\u{2060}") == "ad\\u{200B}min\\u{FEFF}\\u{2060}")
        #expect(Printable.quote("ad\u{200D}min") == "ad\\u{200D}min", "a joiner between letters hides nothing legitimate")
        #expect(Printable.quote("👩\u{200D}💻 🏴\u{E0067}\u{E0062}\u{E007F}") == "👩\u{200D}💻 🏴\u{E0067}\u{E0062}\u{E007F}", "emoji sequences stay whole")
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
