import OpsCore
import TermUI

extension FormState {
    /// Puts each field error of `error` under the field `index(of:)` names and returns the
    /// sentence for the dialog's last line: the errors no field shows, or the whole
    /// refusal when it names no field. Earlier errors are cleared first.
    mutating func show(_ error: OpsError, index: (String) -> Int?) -> String? {
        for i in fields.indices { fields[i].error = nil }
        let fieldErrors = error.fieldErrors
        guard !fieldErrors.isEmpty else { return error.description }
        var other: [String] = []
        for e in fieldErrors {
            if let i = index(e.field), fields.indices.contains(i) { fields[i].error = e.message } else { other.append("\(e.field): \(e.message)") }
        }
        return other.isEmpty ? nil : other.joined(separator: " ")
    }
}

extension Array where Element: Equatable {
    /// The element after `current`, wrapping at the end (the second when `current` is
    /// not in the list): how the filter and sort keys step through their values.
    func cycled(after current: Element) -> Element? {
        guard !isEmpty else { return nil }
        return self[((firstIndex(of: current) ?? 0) + 1) % count]
    }
}
