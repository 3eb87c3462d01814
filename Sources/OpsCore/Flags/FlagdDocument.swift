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
///
/// Caps: the file ≤ 64 MiB (`maxBytes`), ≤ 10,000 flags (`maxFlags`), targeting nested
/// ≤ 64 levels (`maxDepth`; the evaluator recurses that deep, and JSONDecoder allows 512).
public enum FlagdDocument {
    public static let maxBytes = 64 << 20
    public static let maxFlags = 10_000
    public static let maxDepth = 64

    static let operators: Set<String> = ["if", "?:", "and", "or", "var", "==", "!=", "===", "!==", "!", "!!", "<", "<=", ">", ">=", "in",
                                         "starts_with", "ends_with", "sem_ver", "fractional"]

    public static func parse(_ data: Data) throws(OpsError) -> [FlagdDefinition] {
        guard data.count <= maxBytes else { throw .invalid(field: "flagd", message: "The file is over 64 MiB (\(maxBytes) bytes).") }
        // JSONValue's decoder tries each type in turn, which costs time quadratic in the
        // nesting (a 1.5 KB file 70 `if`s deep took 0.6 s of CPU under ASan): refuse deep
        // files on the bytes first. Targeting sits 4 levels down (root, flags, flag, targeting).
        guard !JSONDepth.exceeds(data, maxDepth + 4) else {
            throw .invalid(field: "flagd", message: "The file is nested deeper than \(maxDepth + 4) levels.")
        }
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data) else { throw .invalid(field: "flagd", message: "The file is not JSON.") }
        guard case let .object(top) = root, case let .object(flags)? = top["flags"] else {
            throw .invalid(field: "flagd", message: "The file has no \"flags\" object; it is not a flagd flag definition.")
        }
        guard flags.count <= maxFlags else { throw .invalid(field: "flagd", message: "The file defines \(flags.count) flags; the limit is \(maxFlags).") }
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
                try check(logic, flag: name, depth: 1)
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

    static func check(_ logic: JSONValue, flag: String, depth: Int) throws(OpsError) {
        guard depth <= maxDepth else { throw .invalid(field: "flagd", message: "Flag \(flag)'s targeting is nested deeper than \(maxDepth) levels.") }
        switch logic {
        case let .array(items): for item in items { try check(item, flag: flag, depth: depth + 1) }
        case let .object(fields) where fields.count == 1:
            guard let (op, args) = fields.first else { return }
            guard operators.contains(op) else { throw .invalid(field: "flagd", message: "Flag \(flag) uses the operator \(Printable.excerpt(op)), which pmops does not evaluate.") }
            if op == "fractional", case let .array(items) = args {
                for case let .array(pair) in items where pair.count == 2 {
                    if case let .int(w) = pair[1], w < 0 { throw .invalid(field: "flagd", message: "Flag \(flag) has a negative fractional weight.") }
                }
            }
            if op == "var" { try nesting(args, flag: flag, depth: depth + 1) } else { try check(args, flag: flag, depth: depth + 1) }
        default: return
        }
    }

    /// Only the depth, for a `var`'s arguments (evaluated, but not checked for operators).
    static func nesting(_ value: JSONValue, flag: String, depth: Int) throws(OpsError) {
        guard depth <= maxDepth else { throw .invalid(field: "flagd", message: "Flag \(flag)'s targeting is nested deeper than \(maxDepth) levels.") }
        switch value {
        case let .array(items): for item in items { try nesting(item, flag: flag, depth: depth + 1) }
        case let .object(fields): for item in fields.values { try nesting(item, flag: flag, depth: depth + 1) }
        default: return
        }
    }
}

/// The deepest nesting of arrays and objects in JSON bytes, read in one pass (brackets
/// inside strings skipped), so a parser can refuse deep input before decoding it.
enum JSONDepth {
    static func exceeds(_ data: Data, _ limit: Int) -> Bool {
        var depth = 0, inString = false, escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return false
    }
}
