import FuzzSupport
import OpsCollector

/// The /proc parsers; the first byte picks the file, so one corpus covers all five.
/// A refusal is a `CollectorError.malformed` naming the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProc(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let (selector, text) = Fuzz.split(start, count) else { return 0 }
    do {
        switch selector % 5 {
        case 0: _ = try ProcStat.parse(text)
        case 1: _ = MemInfo.parse(text); _ = try MemInfo.usage(text)
        case 2: _ = try DiskStats.parse(text)
        case 3: _ = try NetDev.parse(text)
        default: _ = try LoadAverage.parse(text)
        }
    } catch {
        guard case let .malformed(what, message) = error else {
            Fuzz.check(false, "a /proc parse failed with \(error)")
            return 0
        }
        Fuzz.check(!what.isEmpty && !message.isEmpty, "a /proc error without the file or the reason")
    }
    return 0
}

@_cdecl("FuzzProc_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzProc)
}
