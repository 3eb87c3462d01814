import Foundation
@testable import OpsCollector
import OpsStore
import OpsFixtures
import Testing

/// `WebhookReader` (the direct reader) against `JSONDecoder` (the reference): for every
/// document, `AlertmanagerWebhook.parse` must give the same webhook or the same error with
/// the reader as without it, and the reader must actually take the plain documents (a
/// reader that always answered nil would pass the comparisons and speed nothing up).
@Suite("Webhook reader")
struct WebhookReaderTests {
    typealias Outcome = Result<AlertmanagerWebhook, AlertmanagerPayloadError>

    static func outcomes(_ data: Data, limits: AlertmanagerLimits = .standard) -> (reader: Outcome, decoder: Outcome) {
        let reader = Outcome { () throws(AlertmanagerPayloadError) in try AlertmanagerWebhook.parse(data, limits: limits, reader: WebhookReader.read) }
        let decoder = Outcome { () throws(AlertmanagerPayloadError) in try AlertmanagerWebhook.parse(data, limits: limits, reader: nil) }
        return (reader, decoder)
    }

    @Test("every captured webhook: read directly, the same webhook as the decoder's")
    func capturedSamples() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("alertmanager/webhook-v4")).filter { $0.hasSuffix(".json") }
        #expect(names.count == 5)
        for name in names {
            let data = try AlertmanagerSamples.data("webhook-v4/" + name)
            #expect(WebhookReader.read(data, limits: .standard) != nil, "\(name) left to the decoder")
            let (reader, decoder) = Self.outcomes(data)
            #expect(reader == decoder, "\(name)")
            #expect((try? reader.get()) != nil, "\(name) refused")
        }
    }

    @Test("large generated payloads, pretty-printed or not: read directly, the same webhook")
    func largePayload() throws {
        let compact = AlertmanagerParseRateTests.largePayload()
        let object = try JSONSerialization.jsonObject(with: compact)
        let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        for data in [compact, pretty] {
            #expect(WebhookReader.read(data, limits: .standard) != nil)
            let (reader, decoder) = Self.outcomes(data)
            #expect(reader == decoder)
            #expect((try? reader.get())?.alerts.count == 10_000)
        }
    }

    @Test("escapes, surrogate pairs, non-ASCII and control characters decode as the decoder decodes them")
    func escapes() throws {
        let labels = #"{"alertname":"\u001b[31mRed\u001b[0m","severity":"critical","emoji":"\ud83d\udd25 é 火","q":"a\"b\\c\/d\b\f\n\r\t","bidi":"\u202Eevil"}"#
        let data = AlertmanagerSamples.payload(alerts: AlertmanagerSamples.alert(labels: labels, annotations: #"{"summary":"line\u2028two ☃"}"#))
        #expect(WebhookReader.read(data, limits: .standard) != nil)
        let (reader, decoder) = Self.outcomes(data)
        #expect(reader == decoder)
        let alert = try #require(try reader.get().alerts.first)
        #expect(alert.labels["emoji"] == "🔥 é 火")
        #expect(alert.labels["q"] == "a\"b\\c/d\u{8}\u{C}\n\r\t")
    }

    @Test("a NUL anywhere is refused naming the field, by the reader and by the decoder alike", arguments: [
        (#"{"alertname":"A","severity":"critical"}"#, #"{"summary":"nul\u0000cut"}"#, "alerts[0].annotations.summary"),
        (#"{"alertname":"A","service":"m\u0000ta"}"#, #"{"summary":"S"}"#, "alerts[0].labels.service"),
        (#"{"alertname":"A","s\u0000":"x"}"#, #"{"summary":"S"}"#, "alerts[0].labels name s\\u{0}"),
    ])
    func nul(labels: String, annotations: String, field: String) {
        let data = AlertmanagerSamples.payload(alerts: AlertmanagerSamples.alert(labels: labels, annotations: annotations))
        let (reader, decoder) = Self.outcomes(data)
        #expect(reader == decoder)
        #expect(throws: AlertmanagerPayloadError.invalid(field: field, reason: "contains a NUL character (U+0000), which cannot be stored")) {
            try AlertmanagerWebhook.parse(data)
        }
    }

    /// Documents the reader leaves to the decoder; the outcome is the decoder's either way.
    @Test("unusual documents are left to the decoder, with the same outcome", arguments: [
        #"{"version":"4","version":"5","status":"firing","alerts":[]}"#,                 // a repeated known key: the first wins
        #"{"version":4,"status":"firing","alerts":[]}"#,                                  // the version as a number
        #"{"version":"5","status":"firing","alerts":[]}"#,                                // another version
        #"{"status":"firing","alerts":[]}"#,                                              // no version
        #"{"vers\u0069on":"4","status":"firing","alerts":[]}"#,                           // an escaped key
        #"{"version":"4","status":"firing","truncatedAlerts":1.0,"alerts":[]}"#,          // a fraction
        #"{"version":"4","status":"firing","truncatedAlerts":1e2,"alerts":[]}"#,          // an exponent
        #"{"version":"4","status":"firing","truncatedAlerts":99999999999999999999,"alerts":[]}"#,
        #"{"version":"4","status":"firing","groupLabels":{"a":1},"alerts":[]}"#,          // a number in a map
        #"{"version":"4","status":"firing","groupLabels":{"a":null},"alerts":[]}"#,
        #"{"version":"4","status":"firing","groupLabels":{"a":"b","a":"c"},"alerts":[]}"#,
        #"{"version":"4","status":"firing","alerts":[null]}"#,
        #"{"version":"4","status":"firing","alerts":{}}"#,
        #"{"version":"4","status":7,"alerts":[]}"#,
        #"{"version":"4","status":"firing","alerts":[{"fingerprint":"\ud800"}]}"#,       // a lone surrogate
        #"["version","4"]"#,
    ])
    func leftToTheDecoder(_ text: String) {
        let data = Data(text.utf8)
        #expect(WebhookReader.read(data, limits: .standard) == nil)
        let (reader, decoder) = Self.outcomes(data)
        #expect(reader == decoder)
    }

    @Test("invalid UTF-8 and more alerts than the cap: left to the decoder")
    func invalidBytesAndCaps() {
        var bytes = Array(AlertmanagerSamples.payload(alerts: AlertmanagerSamples.alert(annotations: #"{"summary":"XX"}"#)))
        let at = bytes.firstIndex(of: UInt8(ascii: "X"))!
        bytes[at] = 0xFF
        let invalid = Data(bytes)
        #expect(WebhookReader.read(invalid, limits: .standard) == nil)
        #expect(Self.outcomes(invalid).reader == Self.outcomes(invalid).decoder)

        let two = AlertmanagerSamples.payload(alerts: AlertmanagerSamples.alert(fingerprint: #""a""#) + "," + AlertmanagerSamples.alert(fingerprint: #""b""#))
        let one = AlertmanagerLimits(maxAlerts: 1)
        #expect(WebhookReader.read(two, limits: one) == nil)
        let (reader, decoder) = Self.outcomes(two, limits: one)
        #expect(reader == decoder)
        #expect(reader == .failure(.tooManyAlerts(count: 2, limit: 1)))
    }

    /// Random documents from a grammar of every field's plausible and implausible values,
    /// in random order, spacing and repetition, plus unknown members: the reader and the
    /// decoder agree on each. Seeded, so a failure names a reproducible case.
    @Test("5,000 generated documents: the same outcome with and without the reader")
    func generated() {
        var random = SplitMix(seed: 0x5EED_0005)
        var readDirectly = 0, accepted = 0
        for case_ in 0..<5_000 {
            let text = Self.document(&random)
            let data = Data(text.utf8)
            let (reader, decoder) = Self.outcomes(data)
            #expect(reader == decoder, "case \(case_): \(text)")
            if WebhookReader.read(data, limits: .standard) != nil { readDirectly += 1 }
            if (try? decoder.get()) != nil { accepted += 1 }
        }
        // The grammar leans to valid values, so both paths are exercised in earnest.
        #expect(readDirectly > 1_500, "\(readDirectly) read directly")
        #expect(accepted > 1_000, "\(accepted) accepted")
    }

    /// The reader runs before the syntax pass, so it must refuse every document the syntax
    /// pass refuses: single-byte edits of valid documents (JSON punctuation, digits, control
    /// bytes, broken UTF-8), deletions, repeats and cuts, each compared with the decoder path.
    @Test("6,000 mutated documents: the same outcome with and without the reader")
    func mutated() throws {
        var random = SplitMix(seed: 0xB17_F11D)
        let bases = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("alertmanager/webhook-v4")).sorted()
            .map { try AlertmanagerSamples.data("webhook-v4/" + $0) }
            + (0..<4).map { _ in Data(Self.document(&random).utf8) }.filter { (try? AlertmanagerWebhook.parse($0, limits: .standard, reader: nil)) != nil }
            + [AlertmanagerSamples.payload(alerts: AlertmanagerSamples.alert(), extra: #","x":{"a":[1,-2.5e3,true,null,"\u00e9"]}"#)]
        let pieces: [UInt8] = Array(#""\{}[],:01-.eEntfu a+"#.utf8) + [0x00, 0x01, 0x09, 0x0A, 0x1F, 0x7F, 0xC3, 0xE2, 0xFF]
        var refusedBySyntax = 0, accepted = 0
        for case_ in 0..<6_000 {
            var bytes = Array(random.pick(bases))
            for _ in 0...random.next(upTo: 2) {
                let at = random.next(upTo: bytes.count)
                switch random.next(upTo: 5) {
                case 0: bytes[at] = random.pick(pieces)
                case 1: bytes.insert(random.pick(pieces), at: at)
                case 2: bytes.remove(at: at)
                case 3: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 1 + random.next(upTo: 12))], at: at)
                default: bytes.removeLast(random.next(upTo: min(bytes.count, 40)))
                }
                if bytes.isEmpty { bytes = [UInt8(ascii: "{")] }
            }
            let data = Data(bytes)
            let (reader, decoder) = Self.outcomes(data)
            #expect(reader == decoder, "case \(case_): \(String(decoding: bytes, as: UTF8.self))")
            switch decoder {
            case .success: accepted += 1
            case .failure(.syntax), .failure(.truncated), .failure(.empty): refusedBySyntax += 1
            case .failure: break
            }
        }
        #expect(refusedBySyntax > 2_000, "\(refusedBySyntax) refused by the syntax pass")
        #expect(accepted > 300, "\(accepted) still valid webhooks")
    }

    // MARK: - The grammar

    static let strings = [#""firing""#, #""resolved""#, #""x""#, #""""#, "null", "1", "true", "{}", "[]",
                          #""\u00e9\ud83d\ude00 火""#, #""a\"b\\c\/\n""#, #""\ud800""#, #""\u001b[2J""#]
    static let maps = ["{}", "null", #"{"a":"b"}"#, #"{"a":"b","a":"c"}"#, #"{"a":1}"#, #"{"a":null}"#, #"{"\u0061":"b"}"#,
                       "[]", #""s""#, #"{"alertname":"X","severity":"critical","k\u00e9y":"v\u001b"}"#, #"{"":"empty name"}"#,
                       #"{"alertname":"Y","severity":" Warn ","service":"mta"}"#]
    static let numbers = ["0", "3", "-2", "1.0", "1e2", "99999999999999999999", "null", #""3""#]
    static let times = [#""2026-11-27T14:59:57.099311811Z""#, #""0001-01-01T00:00:00Z""#, #""2026-11-27T15:00:00+01:00""#,
                        #""yesterday""#, "null", "0"]
    static let unknown = [#""repeat""#, "12.5e-3", "true", "false", "null", #"{"a":[1,{"b":"]}"}],"c":"\"}"}"#, #"[[],{},"x"]"#]
    static let spaces = ["", "", " ", "\n  ", "\t"]

    static func document(_ random: inout SplitMix) -> String {
        var members: [String] = []
        let version = random.chance(0.9) ? #""4""# : random.pick(["4", #""5""#, "null", ""])
        if !version.isEmpty { members.append(member("version", version, &random)) }
        if random.chance(0.97) { members.append(member("status", random.chance(0.9) ? random.pick([#""firing""#, #""resolved""#]) : random.pick(strings), &random)) }
        for key in ["groupKey", "receiver", "externalURL"] where random.chance(0.7) {
            members.append(member(key, random.chance(0.9) ? #""ok""# : random.pick(strings), &random))
        }
        if random.chance(0.6) { members.append(member("truncatedAlerts", random.chance(0.85) ? "0" : random.pick(numbers), &random)) }
        for key in ["groupLabels", "commonLabels", "commonAnnotations"] where random.chance(0.7) {
            members.append(member(key, random.chance(0.85) ? #"{"alertname":"X"}"# : random.pick(maps), &random))
        }
        if random.chance(0.3) { members.append(member(random.pick(["notification_reason", "routeLabels", "z"]), random.pick(unknown), &random)) }
        if random.chance(0.9) {
            let count = random.next(upTo: 4)
            var alerts: [String] = []
            for n in 0..<count { alerts.append(alert(n, &random)) }
            let list = random.chance(0.97) ? "[" + alerts.joined(separator: "," + random.pick(spaces)) + "]" : random.pick(["null", "{}", "[null]"])
            members.append(member("alerts", list, &random))
        }
        if random.chance(0.05), let repeated = members.randomElement(using: &random) { members.append(repeated) }
        random.shuffle(&members)
        let gap = random.pick(spaces)
        return gap + "{" + members.joined(separator: "," + gap) + gap + "}" + gap
    }

    static func alert(_ n: Int, _ random: inout SplitMix) -> String {
        var members: [String] = []
        if random.chance(0.98) { members.append(member("status", random.chance(0.95) ? #""firing""# : random.pick(strings), &random)) }
        if random.chance(0.99) { members.append(member("labels", random.chance(0.9) ? #"{"alertname":"A\#(n)","severity":"critical"}"# : random.pick(maps), &random)) }
        if random.chance(0.8) { members.append(member("annotations", random.chance(0.9) ? #"{"summary":"S \u00e9"}"# : random.pick(maps), &random)) }
        if random.chance(0.99) { members.append(member("startsAt", random.chance(0.93) ? times[0] : random.pick(times), &random)) }
        if random.chance(0.8) { members.append(member("endsAt", random.chance(0.9) ? times[1] : random.pick(times), &random)) }
        if random.chance(0.5) { members.append(member("generatorURL", random.chance(0.9) ? #""http://127.0.0.1:9090/g""# : random.pick(strings), &random)) }
        if random.chance(0.99) {
            let fingerprint = random.chance(0.95) ? "\"f\(n)\(random.next(upTo: 3))\"" : random.pick(strings + [#""f 1""#])
            members.append(member("fingerprint", fingerprint, &random))
        }
        if random.chance(0.2) { members.append(member(random.pick(["x", "labelsX", "status2"]), random.pick(unknown), &random)) }
        if random.chance(0.04), let repeated = members.randomElement(using: &random) { members.append(repeated) }
        random.shuffle(&members)
        return "{" + members.joined(separator: ",") + "}"
    }

    static func member(_ key: String, _ value: String, _ random: inout SplitMix) -> String {
        let gap = random.pick(spaces)
        return "\"\(key)\"" + gap + ":" + gap + value
    }
}

/// The store's seeded generator (SplitMix64), so generated cases reproduce.
typealias SplitMix = DemoStaff.Generator

extension DemoStaff.Generator {
    mutating func next(upTo bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) < p * 10_000 }
    mutating func pick<T>(_ options: [T]) -> T { options[next(upTo: options.count)] }
    mutating func shuffle<T>(_ list: inout [T]) { list.shuffle(using: &self) }
}

@Suite("Blank text")
struct BlankTextTests {
    @Test("isBlank empties what trimmingCharacters empties, for every Unicode scalar")
    func matchesCharacterSet() {
        let values: [UInt32] = Array(0...0x10FFFF)
        let scalars = values.compactMap { Unicode.Scalar($0) }
        var differ: [String] = []
        for scalar in scalars {
            let text = String(scalar) + " "
            if AlertmanagerText.isBlank(text, newlines: false) != text.trimmingCharacters(in: .whitespaces).isEmpty
                || AlertmanagerText.isBlank(text, newlines: true) != text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                differ.append("U+" + String(scalar.value, radix: 16, uppercase: true))
            }
        }
        #expect(scalars.count > 1_100_000)
        #expect(differ == [])
        #expect(AlertmanagerText.isBlank("", newlines: false))
        #expect(!AlertmanagerText.isBlank(" \n x ", newlines: true))
    }
}
