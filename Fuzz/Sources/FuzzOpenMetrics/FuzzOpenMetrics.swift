import FuzzSupport
import OpsCollector

/// OpenMetrics 1.0 (seconds timestamps, `# EOF`, exemplars, `_created`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOpenMetrics(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    ExpositionProperties.run(Fuzz.text(start, count), format: .openMetrics)
    return 0
}

@_cdecl("FuzzOpenMetrics_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzOpenMetrics)
}
