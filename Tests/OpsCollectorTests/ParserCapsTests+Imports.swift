import Foundation
import OpsCore
import Testing

/// The caps of the parsers issue 22's later targets fuzz (flagd files, the platform-config
/// export, the iCalendar import), as Docs/FUZZING.md lists them.
@Suite("Parser caps: flagd, platform config, iCalendar")
struct ImportParserCapsTests {
    static func flagd(targeting: String, flags: Int = 1) -> Data {
        let one = "{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"off\",\"targeting\":\(targeting)}"
        return Data(("{\"flags\":{" + (0..<flags).map { "\"f\($0)\":\(one)" }.joined(separator: ",") + "}}").utf8)
    }

    static func nested(_ levels: Int) -> String {
        // Each "if" adds two levels: the operator's object and its argument array.
        (0..<levels).reduce("{\"var\":\"plan\"}") { inner, _ in "{\"if\":[\(inner),\"on\",\"off\"]}" }
    }

    static func refusal(_ body: () throws(OpsError) -> Void) -> OpsError? {
        do { try body(); return nil } catch { return error }
    }

    @Test("flagd: targeting nested past maxDepth and more than maxFlags flags are refused, naming the cap")
    func flagd() throws {
        #expect(try FlagdDocument.parse(Self.flagd(targeting: Self.nested(31))).count == 1)
        let deep = Self.refusal { () throws(OpsError) in _ = try FlagdDocument.parse(Self.flagd(targeting: Self.nested(32))) }
        #expect(deep?.fieldErrors.first?.field == "flagd")
        #expect(deep?.description.contains("nested deeper than \(FlagdDocument.maxDepth) levels") == true, "\(String(describing: deep))")
        let varDeep = Self.refusal { () throws(OpsError) in
            _ = try FlagdDocument.parse(Self.flagd(targeting: "{\"var\":" + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}"))
        }
        #expect(varDeep?.description.contains("nested deeper") == true)
        // Deeper than the file's cap: refused on the bytes, before the (quadratic) decode.
        let fileDeep = Self.refusal { () throws(OpsError) in _ = try FlagdDocument.parse(Self.flagd(targeting: Self.nested(400))) }
        #expect(fileDeep?.description.contains("The file is nested deeper than \(FlagdDocument.maxDepth + 4) levels") == true)
        #expect(try FlagdDocument.parse(Self.flagd(targeting: "{\"in\":[\"[[[[\\\"{{{{\",{\"var\":\"plan\"}]}")).count == 1)
        #expect(try FlagdDocument.parse(Self.flagd(targeting: "null", flags: FlagdDocument.maxFlags)).count == FlagdDocument.maxFlags)
        let many = Self.refusal { () throws(OpsError) in _ = try FlagdDocument.parse(Self.flagd(targeting: "null", flags: FlagdDocument.maxFlags + 1)) }
        #expect(many?.description.contains("the limit is \(FlagdDocument.maxFlags)") == true, "\(String(describing: many))")
    }

    @Test("platform config: over maxSettings or maxBytes is refused; a YAML refusal names its line")
    func platformConfig() throws {
        func yaml(_ count: Int) -> Data {
            Data(("environment: staging\nrevision: 1\nsha256: \"x\"\nsettings:\n" + (0..<count).map { "  \"k\($0)\": \"v\"\n" }.joined()).utf8)
        }
        #expect(try PlatformConfigFile.read(yaml(PlatformConfigFile.maxSettings), path: "c.yaml").settings.count == PlatformConfigFile.maxSettings)
        let many = Self.refusal { () throws(OpsError) in _ = try PlatformConfigFile.read(yaml(PlatformConfigFile.maxSettings + 1), path: "c.yaml") }
        #expect(many?.fieldErrors.first?.field == "file")
        #expect(many?.description.contains("the limit is \(PlatformConfigFile.maxSettings)") == true, "\(String(describing: many))")
        let big = Self.refusal { () throws(OpsError) in _ = try PlatformConfigFile.read(Data(count: PlatformConfigFile.maxBytes + 1), path: "c.yaml") }
        #expect(big?.description.contains("under 4 MB") == true)
        let line = Self.refusal { () throws(OpsError) in _ = try PlatformConfigFile.read(Data("environment: staging\n\nrevision 1\n".utf8), path: "c.yaml") }
        #expect(line?.description.contains("c.yaml line 3") == true, "\(String(describing: line))")
    }

    @Test("iCalendar: a calendar over maxBytes or with more than maxEvents events is refused whole, naming the file or the line")
    func iCalendar() throws {
        let event = "BEGIN:VEVENT\nSUMMARY:carol covers alice\nDTSTART:20261203T000000Z\nDTEND:20261203T060000Z\nEND:VEVENT\n"
        let full = String(repeating: event, count: ICalendar.maxEvents)
        #expect(try ICalendar.importOverrides(full, file: "c.ics").count == ICalendar.maxEvents)
        let over = Self.refusal { () throws(OpsError) in _ = try ICalendar.importOverrides(full + event, file: "c.ics") }
        #expect(over?.fieldErrors.map(\.field) == ["c.ics:\(ICalendar.maxEvents * 5 + 1)"])
        #expect(over?.description.contains("more than \(ICalendar.maxEvents) events") == true)
        let big = String(repeating: "X-PAD:" + String(repeating: "x", count: 1_000) + "\n", count: ICalendar.maxBytes / 1_000 + 1)
        let error = Self.refusal { () throws(OpsError) in _ = try ICalendar.importOverrides(big, file: "c.ics") }
        #expect(error?.fieldErrors.map(\.field) == ["c.ics"])
        #expect(error?.description.contains("over \(ICalendar.maxBytes) bytes") == true)
    }
}
