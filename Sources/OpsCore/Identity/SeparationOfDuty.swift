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

    /// The first conflicting pair within `roles`, if any. A super_admin holds every
    /// permission of an admin, so it counts as admin here: otherwise super_admin+auditor
    /// would escape the very independence admin+auditor protects.
    public func conflict(in roles: Set<Role>) -> Pair? {
        let held = Self.effective(roles)
        return pairs.first { held.contains($0.first) && held.contains($0.second) }
    }

    /// Every conflicting pair within `roles`, in the order written.
    public func conflicts(in roles: Set<Role>) -> [Pair] {
        let held = Self.effective(roles)
        return pairs.filter { held.contains($0.first) && held.contains($0.second) }
    }

    /// "admin and auditor", or "super_admin (which includes admin) and auditor" when the
    /// admin side is held through super_admin.
    public static func describe(_ pair: Pair, heldBy roles: Set<Role>) -> String {
        func name(_ role: Role) -> String {
            role == .admin && !roles.contains(.admin) && roles.contains(.superAdmin) ? "super_admin (which includes admin)" : role.rawValue
        }
        return "\(name(pair.first)) and \(name(pair.second))"
    }

    /// Each account that breaks these pairs, as "'login' holds X and Y", at most `limit`
    /// of them and then "and N more".
    public func violations(_ accounts: [(login: String, roles: Set<Role>)], limit: Int = 10) -> [String] {
        var lines: [String] = []
        var extra = 0
        for account in accounts {
            guard let pair = conflict(in: account.roles) else { continue }
            if lines.count < limit {
                lines.append("'\(account.login)' holds \(Self.describe(pair, heldBy: account.roles))")
            } else {
                extra += 1
            }
        }
        if extra > 0 { lines.append("and \(extra) more") }
        return lines
    }

    /// The roles as separation of duty sees them: super_admin includes admin.
    public static func effective(_ roles: Set<Role>) -> Set<Role> {
        roles.contains(.superAdmin) ? roles.union([.admin]) : roles
    }

    /// "admin+auditor,finance+support" — the setting's text form.
    public var settingValue: String { pairs.map(\.description).joined(separator: ",") }

    /// Parses the setting's text form; nil with a reason when malformed.
    public static func parse(_ text: String) -> Result<SeparationOfDuty, OpsError> {
        var pairs: [Pair] = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "+").map(String.init)
            guard parts.count == 2 else {
                return .failure(.invalid(field: "sod.pairs", message: "\(Printable.excerpt(item)) is not a pair of roles written as role+role."))
            }
            guard let a = Role(name: parts[0]) else { return .failure(.invalid(field: "sod.pairs", message: "unknown role \(Printable.excerpt(parts[0])).")) }
            guard let b = Role(name: parts[1]) else { return .failure(.invalid(field: "sod.pairs", message: "unknown role \(Printable.excerpt(parts[1])).")) }
            guard a != b else { return .failure(.invalid(field: "sod.pairs", message: "a role cannot conflict with itself (\(Printable.excerpt(item))).")) }
            guard Set([a, b]) != [.admin, .superAdmin] else {
                return .failure(.invalid(field: "sod.pairs", message: "super_admin includes admin, so \(Printable.excerpt(item)) would forbid every super_admin."))
            }
            pairs.append(Pair(a, b))
        }
        return .success(SeparationOfDuty(pairs: pairs))
    }
}

import Foundation
