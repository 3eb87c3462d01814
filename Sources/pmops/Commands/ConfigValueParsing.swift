import Foundation
import OpsCore

/// Durations on the command line, in the config file's units.
enum ConfigValueParsing {
    static func seconds(_ text: String) -> TimeInterval? {
        let s = text.lowercased()
        if s.hasSuffix("ms"), let ms = Double(s.dropLast(2)), ms.isFinite, ms >= 0 { return ms / 1000 }
        if let plain = Double(s), plain.isFinite, plain >= 0 { return plain }
        return OpsCore.Duration.parse(s)
    }
}
