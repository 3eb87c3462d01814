import Foundation
import OpsCore

/// Durations on the command line, in the config file's units (a bare number is seconds).
enum ConfigValueParsing {
    static func seconds(_ text: String, field: String) throws(OpsError) -> TimeInterval {
        try OpsCore.Duration.parse(text, field: field, bare: .seconds)
    }

    /// The lease heartbeat: 0.2 s to 5 min, as the config file's `lease heartbeat=` allows.
    static func heartbeat(_ text: String) throws(OpsError) -> TimeInterval {
        let seconds = try seconds(text, field: "heartbeat")
        guard (0.2...300).contains(seconds) else {
            throw .invalid(field: "heartbeat", message: "\(Printable.excerpt(text)) is outside 0.2s to 5m.")
        }
        return seconds
    }
}
