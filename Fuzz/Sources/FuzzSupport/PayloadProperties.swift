import Foundation
import OpsCollector

/// What an Alertmanager payload error must say: where. A syntax error has a byte offset
/// inside the input, a field error names the field.
public enum PayloadProperties {
    /// Small caps, so the fuzzer reaches every cap with inputs of a few KiB.
    public static let limits = AlertmanagerLimits(maxBytes: 64 * 1024, maxAlerts: 8, maxValueBytes: 256, maxPairs: 8,
                                                  maxDepth: 8, maxFingerprintBytes: 32)

    public static func checkError(_ error: AlertmanagerPayloadError, size: Int) {
        switch error {
        case let .tooLarge(limit):
            Fuzz.check(size > limit, "tooLarge for \(size) bytes under the \(limit) limit")
        case let .syntax(offset, message):
            Fuzz.check((0...size).contains(offset), "syntax offset \(offset) outside \(size) bytes: \(message)")
        case let .truncated(offset, inside):
            Fuzz.check((0...size).contains(offset) && !inside.isEmpty, "truncated at \(offset) of \(size) inside '\(inside)'")
        case let .missing(field), let .invalid(field, _), let .valueTooLong(field, _, _), let .tooManyPairs(field, _, _):
            Fuzz.check(!field.isEmpty, "an error without its field: \(error)")
        case .empty, .unsupportedVersion, .tooManyAlerts:
            break
        case .cannotRead:
            Fuzz.check(false, "a parse reported a read error: \(error)")
        }
        Fuzz.check(!error.description.isEmpty, "an error without a sentence")
    }
}
