import Foundation

/// One flag as a flagd file defines it: typed variants, an optional default and raw targeting.
public struct FlagdDefinition: Sendable, Equatable {
    public let key: String
    public let state: FeatureFlag.State
    public let variants: [String: JSONValue]
    public let defaultVariant: String?
    public let targeting: JSONValue?
}

/// Reads a flagd flag definition file, refusing what flagd's schema refuses (no variants,
/// mixed variant types, a bad state, an unknown default) and targeting pmops cannot
/// evaluate (an unknown operator, a negative fractional weight). Numbers that are not
/// integers read as text, as everywhere in `JSONValue`.
public enum FlagdDocument {
    static let operators: Set<String> = ["if", "?:", "and", "or", "var", "==", "!=", "===", "!==", "!", "!!", "<", "<=", ">", ">=", "in",
                                         "starts_with", "ends_with", "sem_ver", "fractional"]

    public static func parse(_ data: Data) throws(OpsError) -> [FlagdDefinition] {
        guard data.count <= 64 << 20 else { throw .invalid(field: "flagd", message: "The file is over 64 MB.") }
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data) else { throw .invalid(field: "flagd", message: "The file is not JSON.") }
        guard case let .object(top) = root, case let .object(flags)? = top["flags"] else {
            throw .invalid(field: "flagd", message: "The file has no \"flags\" object; it is not a flagd flag definition.")
        }
        var out: [FlagdDefinition] = []
        for (key, raw) in flags.sorted(by: { $0.key < $1.key }) {
            let name = Printable.excerpt(key)
            guard case let .object(f) = raw else { throw .invalid(field: "flagd", message: "Flag \(name) is not an object.") }
            guard case let .string(s)? = f["state"], let state = FeatureFlag.State(rawValue: s) else {
                throw .invalid(field: "flagd", message: "Flag \(name) has no state ENABLED or DISABLED.")
            }
            guard case let .object(variants)? = f["variants"], !variants.isEmpty else {
                throw .invalid(field: "flagd", message: "Flag \(name) has no variants.")
            }
            guard Set(variants.values.map(typeName)).count == 1, let kind = variants.values.first.map(typeName), kind != "null" else {
                throw .invalid(field: "flagd", message: "Flag \(name) mixes variant types; every variant of a flag has one type.")
            }
            var defaultVariant: String?
            switch f["defaultVariant"] {
            case nil, .null?: defaultVariant = nil
            case let .string(d)? where variants[d] != nil: defaultVariant = d
            default: throw .invalid(field: "flagd", message: "Flag \(name)'s defaultVariant is not one of its variants.")
            }
            var targeting: JSONValue?
            switch f["targeting"] {
            case nil, .null?: targeting = nil
            case let .object(t)? where t.isEmpty: targeting = nil
            case let logic? where isObject(logic):
                try check(logic, flag: name)
                targeting = logic
            default: throw .invalid(field: "flagd", message: "Flag \(name)'s targeting is not a JSONLogic rule.")
            }
            out.append(FlagdDefinition(key: key, state: state, variants: variants, defaultVariant: defaultVariant, targeting: targeting))
        }
        return out
    }

    static func isObject(_ v: JSONValue) -> Bool { if case .object = v { true } else { false } }

    static func typeName(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool: "bool"
        case .int: "number"
        case .string: "string"
        case .array, .object: "object"
        }
    }

    static func check(_ logic: JSONValue, flag: String) throws(OpsError) {
        switch logic {
        case let .array(items): for item in items { try check(item, flag: flag) }
        case let .object(fields) where fields.count == 1:
            guard let (op, args) = fields.first else { return }
            guard operators.contains(op) else { throw .invalid(field: "flagd", message: "Flag \(flag) uses the operator \(Printable.excerpt(op)), which pmops does not evaluate.") }
            if op == "fractional", case let .array(items) = args {
                for case let .array(pair) in items where pair.count == 2 {
                    if case let .int(w) = pair[1], w < 0 { throw .invalid(field: "flagd", message: "Flag \(flag) has a negative fractional weight.") }
                }
            }
            if op != "var" { try check(args, flag: flag) }
        default: return
        }
    }
}
