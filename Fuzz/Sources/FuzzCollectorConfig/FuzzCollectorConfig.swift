import FuzzSupport
import OpsCollector

/// The collector config file: every diagnostic names a line of the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCollectorConfig(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let text = Fuzz.text(start, count)
    let lines = Fuzz.lineCount(text)
    do {
        _ = try CollectorConfig.parse(text, source: "fuzz.conf", baseDirectory: "/nonexistent")
    } catch {
        Fuzz.check(!error.diagnostics.isEmpty, "a config error without a diagnostic")
        for diagnostic in error.diagnostics where !(diagnostic.line == 0 && text.utf8.count > CollectorConfig.maxBytes) {
            Fuzz.check((1...lines).contains(diagnostic.line), "diagnostic on line \(diagnostic.line) of \(lines): \(diagnostic.message)")
        }
    }
    return 0
}

@_cdecl("FuzzCollectorConfig_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzCollectorConfig)
}
