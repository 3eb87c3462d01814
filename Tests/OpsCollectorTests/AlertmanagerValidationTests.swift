import Foundation
import OpsCollector
import OpsStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Alertmanager payloads refused whole")
struct AlertmanagerValidationTests {
    typealias Sample = AlertmanagerSamples

    private func error(_ data: Data, limits: AlertmanagerLimits = .standard) -> AlertmanagerPayloadError? {
        payloadError { () throws(AlertmanagerPayloadError) in try AlertmanagerWebhook.parse(data, limits: limits) }
    }

    private func error(alert: String) -> AlertmanagerPayloadError? {
        error(Sample.payload(alerts: alert))
    }

    @Test("truncated JSON: the byte where it stops and what was open")
    func truncatedJSON() throws {
        let full = try Sample.data("webhook-v4/01_firing_critical_pager.json")
        let cut = error(full.prefix(100))
        #expect(cut == .truncated(offset: 100, inside: "an object"), "byte 100 follows the key \"alertname\"")
        #expect(cut?.description == "The payload ends at byte 100 inside an object; the JSON is truncated.")
        #expect(error(full.prefix(105)) == .truncated(offset: 105, inside: "a string"))
        // The file ends with "}\n": drop both.
        #expect(error(full.prefix(full.count - 2)) == .truncated(offset: full.count - 2, inside: "an object"))
        #expect(error(Data("{\"version\":".utf8)) == .truncated(offset: 11, inside: "an object"))
        #expect(error(Data("[1,".utf8)) == .truncated(offset: 3, inside: "an array"))
    }

    @Test("broken JSON: one sentence with the byte offset")
    func brokenJSON() {
        #expect(error(Data(#"{"version" "4"}"#.utf8)) == .syntax(offset: 11, message: "expected ':' after an object key, found '\"'"))
        #expect(error(Data(#"{"version":"4",}"#.utf8))?.description
            == "The payload is not valid JSON at byte 15: expected a quoted key, found '}'.")
        #expect(error(Data(#"{"a":tru}"#.utf8)) == .syntax(offset: 8, message: "expected true, found '}'"))
        #expect(error(Data("{}\u{1B}[2J".utf8)) == .syntax(offset: 2, message: "unexpected byte 0x1B after the end of the document"))
        #expect(error(Data(#"{"a":"x\qy"}"#.utf8)) == .syntax(offset: 8, message: "unknown escape \\q"))
        #expect(error(Data("{\"a\":\"x\ny\"}".utf8)) == .syntax(offset: 7, message: "a raw control character (byte 0x0A) inside a string; JSON needs it escaped"))
        #expect(error(Data(#"{"a":01}"#.utf8)) == .syntax(offset: 6, message: "expected ',' or '}' after an object member, found '1'"))
        #expect(error(Data()) == .empty)
        #expect(error(Data("  \n".utf8)) == .empty)
        #expect(error(Data("[1]".utf8)) == .invalid(field: "top level", reason: "must be a JSON object"))
        // Valid syntax, invalid UTF-8 inside a string: the decoder's refusal, as a sentence.
        let badUTF8 = Data(#"{"version":"4","status":"firing","alerts":[],"receiver":""#.utf8) + [0xFF] + Data(#""}"#.utf8)
        guard case .invalid = error(badUTF8) else {
            Issue.record("invalid UTF-8: \(String(describing: error(badUTF8)))")
            return
        }
    }

    @Test("nesting deeper than the cap is refused before decoding")
    func deepNesting() {
        let deep = Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        #expect(error(deep) == .syntax(offset: 32, message: "objects and arrays nest deeper than 32 levels"))
    }

    @Test("unknown or missing version")
    func version() {
        let v3 = Data(#"{"version":"3","alerts":"whatever shape v3 had"}"#.utf8)
        #expect(error(v3)?.description == "Unsupported webhook version 3; pmops reads version 4.")
        #expect(error(Data(#"{"status":"firing","alerts":[]}"#.utf8)) == .missing(field: "version"))
        #expect(error(Data(#"{"version":4}"#.utf8)) == .invalid(field: "version", reason: "is the number 4; Alertmanager sends the string \"4\""))
        #expect(error(Data(#"{"version":"\u001b[2J"}"#.utf8))?.description == "Unsupported webhook version \\u{1B}[2J; pmops reads version 4.")
    }

    @Test("missing fields are named by path")
    func missingFields() {
        #expect(error(alert: Sample.alert(fingerprint: nil))?.description
            == "The payload has no alerts[0].fingerprint; Alertmanager always sends it.")
        #expect(error(alert: Sample.alert(fingerprint: #""""#)) == .missing(field: "alerts[0].fingerprint"))
        #expect(error(alert: Sample.alert(labels: nil)) == .missing(field: "alerts[0].labels"))
        #expect(error(alert: Sample.alert(startsAt: nil)) == .missing(field: "alerts[0].startsAt"))
        #expect(error(alert: Sample.alert(status: nil)) == .missing(field: "alerts[0].status"))
        #expect(error(alert: Sample.alert() + "," + Sample.alert(fingerprint: nil)) == .missing(field: "alerts[1].fingerprint"))
        #expect(error(Data(#"{"version":"4","status":"firing"}"#.utf8)) == .missing(field: "alerts"))
        #expect(error(Data(#"{"version":"4","alerts":[]}"#.utf8)) == .missing(field: "status"))
    }

    @Test("wrong values: types, statuses, fingerprints, repeated alerts")
    func wrongValues() {
        #expect(error(alert: Sample.alert(labels: #"{"alertname":"A","severity":3}"#))?.description
            == "The payload's alerts[0].labels.severity must be a string.")
        #expect(error(alert: Sample.alert(labels: "[]")) == .invalid(field: "alerts[0].labels", reason: "must be a JSON object"))
        #expect(error(alert: Sample.alert(status: #""pending""#))
            == .invalid(field: "alerts[0].status", reason: "is \"pending\"; expected firing or resolved"))
        #expect(error(alert: Sample.alert(fingerprint: #""ab cd""#))
            == .invalid(field: "alerts[0].fingerprint", reason: "\"ab cd\" is not a fingerprint (printable ASCII without blanks)"))
        #expect(error(alert: Sample.alert() + "," + Sample.alert())
            == .invalid(field: "alerts[1].fingerprint", reason: "repeats the fingerprint 0123456789abcdef of alerts[0]"))
        #expect(error(Sample.payload(alerts: Sample.alert()).replacing(#""truncatedAlerts":0"#, with: #""truncatedAlerts":-1"#))
            == .invalid(field: "truncatedAlerts", reason: "is negative (-1)"))
    }

    @Test("bad timestamps", arguments: ["yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-27T14:59:57",
                                        "2026-11-27T14:59:57.0993118119Z", "2026-11-27T14:59:57.Z", "1969-12-31T23:59:59Z",
                                        "2026-11-27T14:59:57+0100", "2026-11-27 14:59:57Z", "2026-11-27T24:00:00Z"])
    func badTimes(text: String) {
        #expect(error(alert: Sample.alert(startsAt: "\"\(text)\""))
            == .invalid(field: "alerts[0].startsAt", reason: "\"\(text)\" is not an RFC 3339 time between 1970 and 9999"))
        #expect(error(alert: Sample.alert(endsAt: "\"\(text)\"")) != nil)
    }

    @Test("a start at Go's zero time is refused")
    func zeroStart() {
        #expect(error(alert: Sample.alert(startsAt: #""0001-01-01T00:00:00Z""#))
            == .invalid(field: "alerts[0].startsAt", reason: "is Go's zero time; an alert always has a start"))
    }

    @Test("a megabyte label value, too many labels, a long fingerprint")
    func oversizedValues() {
        let big = String(repeating: "x", count: 1_048_576)
        let refused = error(alert: Sample.alert(labels: #"{"alertname":"A","big":"\#(big)"}"#))
        #expect(refused == .valueTooLong(field: "alerts[0].labels.big", bytes: 1_048_576, limit: 65_536))
        #expect(refused?.description == "The payload's alerts[0].labels.big is 1048576 bytes, over the 64 KiB limit for one value.")
        let exactly = String(repeating: "é", count: 32_768)  // 65,536 bytes: at the cap, kept
        #expect(error(alert: Sample.alert(annotations: #"{"description":"\#(exactly)"}"#)) == nil)
        let pairs = (0..<300).map { #""l\#($0)":"v""# }.joined(separator: ",")
        #expect(error(alert: Sample.alert(labels: "{\(pairs)}")) == .tooManyPairs(field: "alerts[0].labels", count: 300, limit: 256))
        #expect(error(alert: Sample.alert(fingerprint: "\"\(String(repeating: "a", count: 129))\""))
            == .valueTooLong(field: "alerts[0].fingerprint", bytes: 129, limit: 128))
    }

    @Test("more than 10,000 alerts are refused before any is decoded")
    func tooManyAlerts() {
        // Empty objects would each fail validation; the count must be checked first.
        let alerts = Array(repeating: "{}", count: 10_001).joined(separator: ",")
        #expect(error(Sample.payload(alerts: alerts))?.description == "The payload holds 10001 alerts, over the limit of 10000 per payload.")
    }

    @Test("a payload over the byte cap is refused unread")
    func oversizedPayload() throws {
        let limits = AlertmanagerLimits(maxBytes: 1024)
        let payload = Sample.payload(alerts: Array(repeating: Sample.alert(), count: 10).joined(separator: ","))
        #expect(payload.count > 1024)
        #expect(error(payload, limits: limits)?.description == "The payload is over the 1 KiB limit; reading stopped there and nothing was applied.")
        #expect(error(Data(count: 10 * 1_048_576 + 1)) == .tooLarge(limit: 10 * 1_048_576))
    }

    @Test("the bounded reader stops at the cap: a file by its size, a stream after cap + one chunk")
    func boundedReader() throws {
        let dir = try ScratchDirectory("pmops-am-reader")
        let path = dir.path + "/big.json"
        let size = 12 * 1_048_576
        #expect(FileManager.default.createFile(atPath: path, contents: Data(count: size)))
        let limit = 10 * 1_048_576
        #expect(payloadError { () throws(AlertmanagerPayloadError) in try BoundedInput.read(path: path, limit: limit) } == .tooLarge(limit: limit))
        // A descriptor read (stdin, a FIFO) cannot be sized first: it must stop reading.
        let fd = open(path, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(payloadError { () throws(AlertmanagerPayloadError) in try BoundedInput.read(descriptor: fd, name: "stdin", limit: limit) }
            == .tooLarge(limit: limit))
        let consumed = lseek(fd, 0, SEEK_CUR)
        #expect(consumed <= limit + 64 * 1024, "read \(consumed) bytes of \(size)")
        let small = dir.path + "/ok.json"
        #expect(FileManager.default.createFile(atPath: small, contents: Data("{}".utf8)))
        #expect(try BoundedInput.read(path: small, limit: limit) == Data("{}".utf8))
        let missing = payloadError { () throws(AlertmanagerPayloadError) in try BoundedInput.read(path: dir.path + "/nope", limit: limit) }
        #expect(missing == .cannotRead(path: dir.path + "/nope", reason: "no such file or directory", missing: true))
        let folder = payloadError { () throws(AlertmanagerPayloadError) in try BoundedInput.read(path: dir.path, limit: limit) }
        #expect(folder == .cannotRead(path: dir.path, reason: "it is a directory", missing: false))
    }

    @Test("API answers: the same checks, paths without the alerts key")
    func apiErrors() {
        func error(_ text: String) -> AlertmanagerPayloadError? {
            payloadError { () throws(AlertmanagerPayloadError) in try AlertmanagerAPIAlerts.parse(Data(text.utf8), now: Date()) }
        }
        #expect(error("{}") == .invalid(field: "top level", reason: "must be a JSON array"))
        #expect(error("[]") == nil)
        let alert = #"{"labels":{"alertname":"A"},"startsAt":"2026-11-27T14:59:57Z","endsAt":"2026-11-27T15:04:57Z","fingerprint":"f","status":{"state":"%@"}}"#
        #expect(error("[" + alert.replacing("%@", with: "active") + "]") == nil)
        #expect(error("[" + alert.replacing("%@", with: "gone") + "]")
            == .invalid(field: "[0].status.state", reason: "is \"gone\"; expected active, suppressed or unprocessed"))
        #expect(error(#"[{"labels":{},"startsAt":"2026-11-27T14:59:57Z","fingerprint":"f"}]"#) == .missing(field: "[0].status"))
        let active = alert.replacing("%@", with: "active")
        #expect(error("[" + active + ",") == .truncated(offset: active.utf8.count + 2, inside: "an array"))
    }
}

extension Data {
    /// The payload with one piece of its text replaced.
    func replacing(_ old: String, with new: String) -> Data {
        Data(String(decoding: self, as: UTF8.self).replacing(old, with: new).utf8)
    }
}
