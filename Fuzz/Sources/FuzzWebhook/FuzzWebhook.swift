import FuzzSupport
import OpsCollector

/// An Alertmanager webhook body, through the public entry point (fast reader, then
/// `JSONDecoder` when it declines), with small caps so every cap is reachable.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebhook(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = Fuzz.data(start, count)
    do {
        let hook = try AlertmanagerWebhook.parse(data, limits: PayloadProperties.limits)
        Fuzz.check(hook.alerts.count <= PayloadProperties.limits.maxAlerts, "\(hook.alerts.count) alerts, over the cap")
        for alert in hook.alerts {
            Fuzz.check(alert.labels.count <= PayloadProperties.limits.maxPairs, "labels over the cap")
        }
        _ = hook.signals
    } catch {
        PayloadProperties.checkError(error, size: count)
    }
    return 0
}

@_cdecl("FuzzWebhook_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzWebhook)
}
