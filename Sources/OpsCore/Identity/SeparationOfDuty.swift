/// Pairs of roles nobody may hold together. Configurable (the `sod.pairs` setting);
/// the defaults come from the foundation issue: whoever manages accounts must not
/// review their own audit trail, and whoever handles customer tickets must not hold
/// finance.
public struct SeparationOfDuty: Sendable, Equatable {
    /// Kept in the order written, so the setting and messages read as documented
    /// ("finance+support"); equal either way round.
    public struct Pair: Hashable, Sendable, CustomStringConvertible {
        public let first: Role
        public let second: Role
        public init(_ a: Role, _ b: Role) {
            (first, second) = (a, b)
        }
        public var description: String { "\(first.rawValue)+\(second.rawValue)" }
        public static func == (l: Pair, r: Pair) -> Bool { Set([l.first, l.second]) == Set([r.first, r.second]) }
        public func hash(into hasher: inout Hasher) { hasher.combine(Set([first, second])) }
    }

    public var pairs: [Pair]
    public init(pairs: [Pair]) { self.pairs = pairs }

    public static let `default` = SeparationOfDuty(pairs: [Pair(.admin, .auditor), Pair(.finance, .support)])

    /// The first conflicting pair within `roles`, if any.
    public func conflict(in roles: Set<Role>) -> Pair? {
        pairs.first { roles.contains($0.first) && roles.contains($0.second) }
    }

    /// "admin+auditor,finance+support" — the setting's text form.
    public var settingValue: String { pairs.map(\.description).joined(separator: ",") }

    /// Parses the setting's text form; nil with a reason when malformed.
    public static func parse(_ text: String) -> Result<SeparationOfDuty, OpsError> {
        var pairs: [Pair] = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "+").map(String.init)
            guard parts.count == 2 else {
                return .failure(.invalid(field: "sod.pairs", message: "'\(item)' is not a pair of roles written as role+role."))
            }
            guard let a = Role(name: parts[0]) else { return .failure(.invalid(field: "sod.pairs", message: "unknown role '\(parts[0])'.")) }
            guard let b = Role(name: parts[1]) else { return .failure(.invalid(field: "sod.pairs", message: "unknown role '\(parts[1])'.")) }
            guard a != b else { return .failure(.invalid(field: "sod.pairs", message: "a role cannot conflict with itself ('\(item)').")) }
            pairs.append(Pair(a, b))
        }
        return .success(SeparationOfDuty(pairs: pairs))
    }
}

import Foundation
