import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// The MIME reader on the three real messages in Docs/samples/mail (values checked with
/// Python's `email` package, see its README), on hand-made edge cases and on its caps.
@Suite("MIME parser")
struct MIMEParserTests {
    static func sample(_ name: String) throws -> [UInt8] {
        Array(try FileFacts.bytes(try RepoFiles.root() + "/Docs/samples/mail/" + name))
    }

    static func parse(_ text: String, limits: MIMELimits = .standard) throws(MIMEError) -> ParsedMail {
        try MIMEParser.parse(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8), limits: limits)
    }

    @Test("Thunderbird reply: folded Received headers, In-Reply-To and References, a plain body")
    func replyPlain() throws {
        let mail = try MIMEParser.parse(try Self.sample("reply-plain.eml"))
        #expect(mail.subject == "Re: Test reply email")
        #expect(mail.from == MailAddress(name: "Testing", email: "xxxxxxxx@xxx.org"))
        #expect(mail.messageID == "<473FFE27.20003@xxx.org>")
        #expect(mail.inReplyTo == ["<348F04F142D69C21-291E56D292BC@xxxx.net>"])
        #expect(mail.references.count == 2 && mail.references.last == "<348F04F142D69C21-291E56D292BC@xxxx.net>")
        #expect(mail.plainText == "Message body\n")
        #expect(mail.attachments.isEmpty && mail.partCount == 1)
        #expect(mail.headers.filter { $0.name == "Received" }.count == 5)
        #expect(mail.headers.allSatisfy { !$0.value.contains("\n") })
    }

    @Test("Outlook multipart/alternative: iso-8859-1 quoted-printable plain and HTML parts, folded boundary")
    func alternativeQP() throws {
        let mail = try MIMEParser.parse(try Self.sample("alternative-qp.eml"))
        #expect(mail.subject == "Test message from Microsoft Outlook 00")
        #expect(mail.from == MailAddress(name: "Doug Sauder", email: "doug@example.com"))
        #expect(mail.messageID == "<NDBBIAKOPKHFGPLCODIGCEKFCHAA.doug@example.com>")
        let plain = try #require(mail.plainText)
        // Python: 764 characters with CRLF line ends; here line ends are LF.
        #expect(plain.count + plain.filter { $0 == "\n" }.count == 764)
        #expect(plain.hasPrefix("\nThe Hare and the Tortoise \n \nA HARE one day ridiculed the short feet and slow pace of the Tortoise, who replied, lau"))
        let html = try #require(mail.htmlText)
        #expect(html.count + html.filter { $0 == "\n" }.count == 1124)
        #expect(mail.partCount == 3 && mail.attachments.isEmpty)
        #expect(mail.text == plain)
    }

    @Test("Apple Mail: a UTF-8 B-encoded subject over four folded lines; an attachment named twice (RFC 2231 and 2047), listed not kept")
    func utf8SubjectAttachment() throws {
        let mail = try MIMEParser.parse(try Self.sample("utf8-subject-attachment.eml"))
        #expect(mail.subject == String(repeating: "まみむめも", count: 10))
        #expect(mail.from == MailAddress(name: "Mikel Lindsaar", email: "mikel@example.com"))
        #expect(mail.messageID == "<60A112A8-F26C-4E23-95B8-4EB9F139D6A0@test.lindsaar.net>")
        #expect(mail.plainText == nil && mail.htmlText == nil && mail.text == "")
        #expect(mail.attachments == [MailAttachment(name: String(repeating: "かきくけこ", count: 5) + ".txt", contentType: "text/plain", size: 18)])
    }

    @Test("encoded words: B and Q, four charsets, whitespace between words dropped, plain text kept")
    func encodedWords() {
        #expect(EncodedWords.decode("=?utf-8?q?Gr=C3=BC=C3=9Fe_aus?= =?ISO-8859-1?B?S/Zsbg==?=") == "Grüße ausKöln")
        #expect(EncodedWords.decode("Re: [ESC-1042] =?windows-1252?Q?=80uro_=93ok=94?= done") == "Re: [ESC-1042] €uro “ok” done")
        #expect(EncodedWords.decode("=?us-ascii?q?plain?=") == "plain")
        #expect(EncodedWords.decode("not =?an encoded word") == "not =?an encoded word")
        #expect(EncodedWords.decode("=?utf-8*en?b?w6k=?=") == "é")
    }

    @Test("nested mixed: the first plain part wins, depth first; attachments listed with decoded sizes")
    func nested() throws {
        let mail = try Self.parse("""
            From: "Ops, Jo" <jo@acme.example>
            Subject: nested
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/plain; charset=windows-1252
            Content-Transfer-Encoding: base64

            gCBvaw==
            --inner
            Content-Type: text/html

            <p>x</p>
            --inner--
            --outer
            Content-Type: application/pdf; name="r.pdf"
            Content-Transfer-Encoding: base64

            AAEC
            --outer--
            """)
        #expect(mail.from == MailAddress(name: "Ops, Jo", email: "jo@acme.example"))
        #expect(mail.plainText == "€ ok")
        #expect(mail.htmlText == "<p>x</p>")
        #expect(mail.attachments == [MailAttachment(name: "r.pdf", contentType: "application/pdf", size: 3)])
        #expect(mail.partCount == 5)
    }

    @Test("HTML only: a crude text without tags, scripts or entities")
    func htmlOnly() throws {
        let mail = try Self.parse("From: a@b\nContent-Type: text/html\n\n<html><style>p{}</style><p>Hello &amp; <b>bye</b></p><br>Line&#33;</html>")
        #expect(mail.plainText == nil)
        #expect(mail.text == "Hello & bye\n\nLine!")
    }

    @Test("caps and breakage are typed errors naming the reason")
    func limits() {
        func error(_ text: String, _ limits: MIMELimits = .standard) -> MIMEError? {
            do { _ = try Self.parse(text, limits: limits); return nil } catch { return error }
        }
        #expect(error("From: a@b\n\n" + String(repeating: "x", count: 200), MIMELimits(maxBytes: 100)) == .tooLarge(bytes: 213, limit: 100))
        var deep = "From: a@b\n"
        for level in 0..<22 { deep += "Content-Type: multipart/mixed; boundary=b\(level)\n\n--b\(level)\n" }
        #expect(error(deep) == .tooDeep(limit: 20))
        let many = "From: a@b\nContent-Type: multipart/mixed; boundary=z\n\n" + String(repeating: "--z\n\nx\n", count: 1_001) + "--z--\n"
        #expect(error(many) == .tooManyParts(limit: 1_000))
        #expect(error("From: a@b\nContent-Type: multipart/mixed\n\nbody")?.code == "malformed")
        #expect(error("From: a@b\nContent-Type: multipart/mixed; boundary=q\n\nno delimiter")?.code == "malformed")
        #expect(error("\u{1}\u{2} binary garbage")?.description == "The message cannot be parsed: it has no header section.")
        #expect(MIMEError.tooLarge(bytes: 11, limit: 10).description == "The message is 11 bytes, over the 10-byte cap.")
    }
}

/// The stored timestamp form parses without a formatter, to the same Date as the formatter.
@Suite("Timestamp fast path")
struct TimestampFastPathTests {
    @Test("stored forms agree with the formatter to the bit; anything else falls back")
    func agree() {
        for text in ["2026-11-27T15:40:00.123Z", "1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z", "9999-12-31T23:59:59.999Z",
                     "2026-12-07T09:30:00.001Z", "2000-03-01T00:00:00.500Z"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX"
            #expect(Timestamp.parse(text) == formatter.date(from: text), "\(text)")
            #expect(Timestamp.parse(text).map(Timestamp.format) == text)
        }
        #expect(Timestamp.parse("2026-02-30T00:00:00.000Z") == nil)
        #expect(Timestamp.parse("2026-13-01T00:00:00.000Z") == nil)
        #expect(Timestamp.parse("2026-11-27T15:40:00Z") != nil)
    }
}
