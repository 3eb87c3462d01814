import Foundation

/// The environments a platform setting has a value in. Changes reach staging first.
public enum ConfigEnvironment: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case staging, production
    public var description: String { rawValue }

    public static func parse(_ text: String) throws(OpsError) -> ConfigEnvironment {
        guard let env = ConfigEnvironment(rawValue: text.lowercased()) else {
            throw .invalid(field: "env", message: "\(Printable.excerpt(text)) is not an environment; use staging or production.")
        }
        return env
    }
}

/// What values a platform setting accepts. Values are kept as canonical text: `normalize`
/// turns what a person typed into it, or names the key, the value and what is allowed.
public enum SettingType: Sendable, Equatable {
    case int(ClosedRange<Int>)
    /// Seconds, written with a unit (`90d`, `15m`, `30s`, `12h`).
    case duration(ClosedRange<Int>)
    case enumeration([String])
    case string(maxLength: Int)
    case bool

    public var name: String {
        switch self {
        case .int: "int"
        case .duration: "duration"
        case .enumeration: "enum"
        case .string: "string"
        case .bool: "bool"
        }
    }

    /// "100…1000000", "one of none, quarantine, reject", "1s…365d".
    public var allowed: String {
        switch self {
        case let .int(range): "\(range.lowerBound)…\(range.upperBound)"
        case let .duration(range): "\(Duration.format(range.lowerBound))…\(Duration.format(range.upperBound))"
        case let .enumeration(values): "one of " + values.joined(separator: ", ")
        case let .string(maxLength): "1 to \(maxLength) printable characters"
        case .bool: "true or false"
        }
    }

    /// Duration text: whole seconds with the largest unit that divides them.
    public enum Duration {
        static let units: [(String, Int)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        public static func format(_ seconds: Int) -> String {
            for (suffix, size) in units where seconds != 0 && seconds % size == 0 { return "\(seconds / size)\(suffix)" }
            return "\(seconds)s"
        }
        public static func parse(_ text: String) -> Int? {
            guard let last = text.last, let unit = units.first(where: { $0.0 == String(last) }) else { return nil }
            let digits = text.dropLast()
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCIIDigit), let n = Int(digits) else { return nil }
            return n * unit.1
        }
    }
}

/// One platform setting's schema: the registry holds one per key.
public struct SettingSchema: Sendable, Equatable {
    public let key: String
    public let type: SettingType
    public let unit: String
    public let summary: String
    public let owner: String
    /// The value both environments start from (version 0) until a change set applies one.
    public let defaultValue: String
    public let needsApproval: Bool

    public init(_ key: String, _ type: SettingType, unit: String = "", default defaultValue: String, owner: String,
                needsApproval: Bool = true, _ summary: String) {
        self.key = key
        self.type = type
        self.unit = unit
        self.summary = summary
        self.owner = owner
        self.defaultValue = defaultValue
        self.needsApproval = needsApproval
    }

    /// The canonical text of `text` for this key, or a sentence naming the key, the value
    /// and what is allowed.
    public func normalize(_ text: String) throws(OpsError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func refuse() -> OpsError {
            .invalid(field: key, message: "\(Printable.excerpt(text)) is outside the schema of \(key); allowed: \(type.allowed)\(unit.isEmpty ? "" : " (\(unit))").")
        }
        switch type {
        case let .int(range):
            let digits = trimmed.replacingOccurrences(of: "_", with: "")
            guard digits.count <= 12, let n = Int(digits), range.contains(n) else { throw refuse() }
            return String(n)
        case let .duration(range):
            guard let seconds = SettingType.Duration.parse(trimmed.lowercased()), range.contains(seconds) else { throw refuse() }
            return SettingType.Duration.format(seconds)
        case let .enumeration(values):
            guard let value = values.first(where: { $0 == trimmed.lowercased() }) else { throw refuse() }
            return value
        case let .string(maxLength):
            guard !trimmed.isEmpty, trimmed.count <= maxLength, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw refuse()
            }
            return trimmed
        case .bool:
            switch trimmed.lowercased() {
            case "true", "yes", "on": return "true"
            case "false", "no", "off": return "false"
            default: throw refuse()
            }
        }
    }

    /// The canonical value as a number, for constraints and policies (ints and durations).
    public func number(_ canonical: String) -> Int? {
        switch type {
        case .int: Int(canonical)
        case .duration: SettingType.Duration.parse(canonical)
        default: nil
        }
    }
}

fileprivate extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
