import Dispatch
import Foundation

/// SIGTERM and SIGINT as dispatch sources on the main queue: ignored as signals (so the
/// default action cannot kill the process mid-write), delivered as events. `dispatchMain`
/// unblocks them on the main thread, which matters when a parent (Foundation's `Process`)
/// started us with SIGTERM blocked.
enum CollectSignals {
    static func install(_ handler: @escaping @Sendable (String) -> Void) -> [any DispatchSourceSignal] {
        [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler { handler(name) }
            source.activate()
            return source
        }
    }

    /// SIGHUP the same way (its default action would end the process).
    static func installHangUp(_ handler: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .main)
        source.setEventHandler(handler: handler)
        source.activate()
        return source
    }
}
