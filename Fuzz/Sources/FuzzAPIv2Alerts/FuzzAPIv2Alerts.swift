import Foundation
import FuzzSupport
import OpsCollector

/// An Alertmanager `GET /api/v2/alerts` answer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAPIv2Alerts(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = Fuzz.data(start, count)
    do {
        let alerts = try AlertmanagerAPIAlerts.parse(data, now: Date(timeIntervalSince1970: 1_800_000_000),
                                                     limits: PayloadProperties.limits)
        Fuzz.check(alerts.count <= PayloadProperties.limits.maxAlerts, "\(alerts.count) alerts, over the cap")
    } catch {
        PayloadProperties.checkError(error, size: count)
    }
    return 0
}

@_cdecl("FuzzAPIv2Alerts_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzAPIv2Alerts)
}
