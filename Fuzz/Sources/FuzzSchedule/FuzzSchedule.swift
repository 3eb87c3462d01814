import Foundation
import FuzzSupport
import OpsCore

/// The on-call schedule file: every error is a field `file:line` naming a line of the file,
/// and a schedule that parses answers who is on call and a week of shifts without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSchedule(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let text = Fuzz.text(start, count)
    let lines = Fuzz.lineCount(text)
    do {
        let schedules = try OnCallSchedule.parse(text, file: "fuzz")
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        for schedule in schedules {
            let resolver = try OnCallResolver(schedule)
            _ = resolver.onCall(at: now)
            let shifts = resolver.shifts(from: now, to: now.addingTimeInterval(7 * 86_400))
            Fuzz.check(zip(shifts, shifts.dropFirst()).allSatisfy { $0.end == $1.start }, "shifts are not back to back")
            let again = try OnCallSchedule.parse(schedule.text, file: "fuzz").first?.text
            Fuzz.check(again == schedule.text, "the canonical text does not round-trip")
        }
    } catch {
        Fuzz.check(!error.fieldErrors.isEmpty, "a schedule error without a field: \(error)")
        for field in error.fieldErrors where !(field.field == "fuzz" && text.utf8.count > OnCallSchedule.maxBytes) {
            let number = field.field.hasPrefix("fuzz:") ? Int(field.field.dropFirst(5)) : nil
            Fuzz.check(number.map { (1...lines).contains($0) } ?? false, "error field \(field.field) is not a line of the file")
        }
    }
    return 0
}

@_cdecl("FuzzSchedule_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzSchedule)
}
