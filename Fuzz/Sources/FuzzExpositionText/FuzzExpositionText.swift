import FuzzSupport
import OpsCollector

/// Prometheus text exposition 0.0.4, as a scrape target answers it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpositionText(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    ExpositionProperties.run(Fuzz.text(start, count), format: .text)
    return 0
}

@_cdecl("FuzzExpositionText_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzExpositionText)
}
