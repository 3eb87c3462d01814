import FuzzSupport
import OpsCore

/// The label matcher list (`--match`, silences, routes) and the duration grammar a silence
/// takes (`--for 2h30m`). The first byte picks the grammar, so one corpus covers both.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMatchers(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let (selector, text) = Fuzz.split(start, count) else { return 0 }
    if selector & 1 == 0 {
        do {
            let matchers = try LabelMatcher.parseList(text)
            Fuzz.check((1...LabelMatcher.maxListCount).contains(matchers.count), "\(matchers.count) matchers accepted")
            _ = matchers.matches(["alertname": text, "severity": "critical"])
        } catch {
            Fuzz.check(!error.fieldErrors.isEmpty && error.fieldErrors.allSatisfy { !$0.field.isEmpty },
                       "a matcher error without its field: \(error)")
        }
    } else {
        do {
            let seconds = try OpsCore.Duration.parse(text, field: "for", positive: true)
            Fuzz.check(seconds.isFinite && seconds > 0, "duration \(seconds) accepted")
        } catch {
            Fuzz.check(error.fieldErrors.contains { $0.field == "for" }, "a duration error without its field: \(error)")
        }
    }
    return 0
}

@_cdecl("FuzzMatchers_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzMatchers)
}
