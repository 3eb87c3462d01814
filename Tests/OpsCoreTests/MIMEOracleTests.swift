import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// Python's `email` package as the oracle: Scripts/mime-oracle.py generates a fixed corpus
/// (encoded words, folding, quoted-printable and base64, four charsets, nested multipart)
/// and prints what Python decodes; our parser must agree on every message.
@Suite("MIME parser against Python's email package")
struct MIMEOracleTests {
    struct Case: Decodable {
        var raw: String
        var subject: String?
        var fromName: String?
        var fromAddress: String?
        var messageID: String?
        var inReplyTo: String?
        var plain: String?

        enum CodingKeys: String, CodingKey {
            case raw, subject, plain
            case fromName = "from_name", fromAddress = "from_addr", messageID = "message_id", inReplyTo = "in_reply_to"
        }
    }

    @Test("300 generated messages: same Subject, From, Message-ID, In-Reply-To and text/plain body")
    func corpus() throws {
        let script = try RepoFiles.root() + "/Scripts/mime-oracle.py"
        let result = try ChildProcess.run("/usr/bin/env", ["python3", script, "300", "15"], timeout: 120)
        try #require(result.status == 0, "\(result)")
        let cases = try JSONDecoder().decode([Case].self, from: Data(result.stdout.utf8))
        #expect(cases.count == 300)
        var mismatches: [String] = []
        for (index, item) in cases.enumerated() {
            let raw = try #require(Data(base64Encoded: item.raw))
            let mail: ParsedMail
            do { mail = try MIMEParser.parse(raw) } catch {
                mismatches.append("#\(index): \(error)")
                continue
            }
            func check(_ field: String, _ ours: String?, _ theirs: String?) {
                if ours != theirs { mismatches.append("#\(index) \(field): ours \(String(reflecting: ours)), Python \(String(reflecting: theirs))") }
            }
            check("subject", mail.subject, item.subject)
            check("from name", mail.from?.name, item.fromName)
            check("from address", mail.from?.email, item.fromAddress)
            check("message-id", mail.messageID, item.messageID)
            check("in-reply-to", mail.inReplyTo.first, item.inReplyTo)
            check("text/plain", mail.plainText, item.plain)
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(15).joined(separator: "\n"))")
    }
}
