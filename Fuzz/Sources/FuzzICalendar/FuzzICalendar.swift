import Foundation
import FuzzSupport
import OpsCore

/// The iCalendar import of `pmops oncall import-ics` (overrides from a calendar export; not
/// covered by `FuzzSchedule`, which reads the schedule file): every error field is `fuzz` or
/// `fuzz:LINE` with a line of the file, only an input over `ICalendar.maxBytes` is too large,
/// an override ends no earlier than it starts only when the file says so (no property), its
/// event line is a line of the file, and the overrides written back as a calendar in UTC
/// read back to the same people and instants.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzICalendar(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let text = Fuzz.text(start, count)
    let lines = Fuzz.lineCount(text)
    let overrides: [ICalendar.ImportedOverride]
    do { overrides = try ICalendar.importOverrides(text, file: "fuzz") } catch {
        let fields = error.fieldErrors
        Fuzz.check(!fields.isEmpty, "a calendar error without a field: \(error)")
        for field in fields where field.field != "fuzz" {
            let number = field.field.hasPrefix("fuzz:") ? Int(field.field.dropFirst(5)) : nil
            Fuzz.check(number.map { (1...lines).contains($0) } ?? false, "error field \(field.field) is not a line of the file")
        }
        return 0
    }
    Fuzz.check(!overrides.isEmpty, "an accepted calendar without an override")
    Fuzz.check(overrides.allSatisfy { (1...lines).contains($0.line) }, "an override's line is not a line of the file")
    // Written back in UTC (instants in years 0001…9999 only: the basic format has four digits).
    let written = overrides.filter { ICalendar.utc($0.start).utf8.count == 16 && ICalendar.utc($0.end).utf8.count == 16 }
    guard !written.isEmpty else { return 0 }
    var out = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    for o in written {
        out += ["BEGIN:VEVENT", "SUMMARY:\(o.covering) covers \(o.covered)", "DTSTART:\(ICalendar.utc(o.start))", "DTEND:\(ICalendar.utc(o.end))", "END:VEVENT"]
    }
    out.append("END:VCALENDAR")
    do {
        let again = try ICalendar.importOverrides(out.joined(separator: "\r\n") + "\r\n", file: "fuzz")
        let key = { (o: ICalendar.ImportedOverride) in "\(o.covering) \(o.covered) \(o.start.timeIntervalSince1970) \(o.end.timeIntervalSince1970)" }
        Fuzz.check(again.map(key) == written.map(key), "the overrides written back read differently")
    } catch {
        Fuzz.check(false, "the overrides written back are refused: \(error)")
    }
    return 0
}

@_cdecl("FuzzICalendar_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzICalendar)
}
