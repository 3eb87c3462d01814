import FuzzSupport
import OpsCore

/// The routing file (routes and escalation levels): every error is a field `file:line`
/// naming a line of the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRouting(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let text = Fuzz.text(start, count)
    let lines = Fuzz.lineCount(text)
    do {
        let routing = try AlertRouting.parse(text, file: "fuzz")
        _ = routing.team(for: ["alertname": "X", "severity": "critical"], severity: "critical")
    } catch {
        Fuzz.check(!error.fieldErrors.isEmpty, "a routing error without a field: \(error)")
        for field in error.fieldErrors where !(field.field == "fuzz" && text.utf8.count > AlertRouting.maxBytes) {
            let number = field.field.hasPrefix("fuzz:") ? Int(field.field.dropFirst(5)) : nil
            Fuzz.check(number.map { (1...lines).contains($0) } ?? false, "error field \(field.field) is not a line of the file")
        }
    }
    return 0
}

@_cdecl("FuzzRouting_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzRouting)
}
