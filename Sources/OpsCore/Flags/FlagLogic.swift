import Foundation

/// flagd's targeting language: the JSONLogic operators pmops exports and flagd's examples
/// use, with flagd's custom operations (`fractional`, `sem_ver`, `starts_with`,
/// `ends_with`). Semantics follow the pinned flagd core: a failed custom operation yields
/// null (falsy), an unknown operator is an error, `var` reads dotted paths.
public enum FlagLogic {
    public struct UnknownOperator: Error, Equatable { public let name: String }

    /// What `var` can read: the evaluation context, `targetingKey` and `$flagd`.
    public struct Environment: Sendable {
        public var flagKey: String
        public var targetingKey: String?
        public var attributes: [String: JSONValue]
        public var timestamp: Int64
        public init(flagKey: String, targetingKey: String?, attributes: [String: JSONValue], timestamp: Int64) {
            self.flagKey = flagKey
            self.targetingKey = targetingKey
            self.attributes = attributes
            self.timestamp = timestamp
        }

        func lookup(_ path: String) -> JSONValue {
            if path == "targetingKey" { return targetingKey.map(JSONValue.string) ?? .null }
            if path == "$flagd.flagKey" { return .string(flagKey) }
            if path == "$flagd.timestamp" { return .int(timestamp) }
            if let direct = attributes[path] { return direct }
            guard path.contains(".") else { return .null }
            let parts = path.split(separator: ".", omittingEmptySubsequences: false)
            var current: JSONValue = parts.first == "$flagd" ? ["flagKey": .string(flagKey), "timestamp": .int(timestamp)] : .object(attributes)
            if parts.first == "$flagd" { current = .object(["$flagd": current]) }
            for part in parts {
                switch current {
                case let .object(fields): current = fields[String(part)] ?? .null
                case let .array(items):
                    guard let i = Int(part), String(i) == part, i >= 0, i < items.count else { return .null }
                    current = items[i]
                default: return .null
                }
            }
            return current
        }
    }

    public static func truthy(_ v: JSONValue) -> Bool {
        switch v {
        case .null: false
        case let .bool(b): b
        case let .int(i): i != 0
        case let .string(s): !s.isEmpty
        case let .array(a): !a.isEmpty
        case .object: true
        }
    }

    public static func apply(_ logic: JSONValue, _ env: Environment) throws(UnknownOperator) -> JSONValue {
        switch logic {
        case let .array(items):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try apply(item, env)) }
            return .array(out)
        case let .object(fields) where fields.count == 1:
            guard let (op, raw) = fields.first else { return logic }
            let args: [JSONValue] = if case let .array(a) = raw { a } else { [raw] }
            return try operate(op, args, env)
        default:
            return logic
        }
    }

    static func operate(_ op: String, _ args: [JSONValue], _ env: Environment) throws(UnknownOperator) -> JSONValue {
        switch op {
        case "if", "?:":
            var i = 0
            while i < args.count - 1 {
                if truthy(try apply(args[i], env)) { return try apply(args[i + 1], env) }
                i += 2
            }
            return i < args.count ? try apply(args[i], env) : .null
        case "and":
            var current = JSONValue.null
            for arg in args {
                current = try apply(arg, env)
                if !truthy(current) { return current }
            }
            return current
        case "or":
            var current = JSONValue.null
            for arg in args {
                current = try apply(arg, env)
                if truthy(current) { return current }
            }
            return current
        case "var":
            let key = args.isEmpty ? JSONValue.null : try apply(args[0], env)
            let found: JSONValue = switch key {
            case let .string(path) where !path.isEmpty: env.lookup(path)
            case let .int(i): env.lookup(String(i))
            default: .null
            }
            if found == .null, args.count > 1 { return try apply(args[1], env) }
            return found
        default:
            break
        }
        var values: [JSONValue] = []
        values.reserveCapacity(args.count)
        for arg in args { values.append(try apply(arg, env)) }
        func at(_ i: Int) -> JSONValue { i < values.count ? values[i] : .null }
        switch op {
        case "==": return .bool(looseEquals(at(0), at(1)))
        case "!=": return .bool(!looseEquals(at(0), at(1)))
        case "===": return .bool(at(0) == at(1))
        case "!==": return .bool(at(0) != at(1))
        case "!": return .bool(!truthy(at(0)))
        case "!!": return .bool(truthy(at(0)))
        case "<", "<=", ">", ">=": return compare(op, at(0), at(1))
        case "in":
            switch at(1) {
            case let .array(items): return .bool(items.contains(at(0)))
            case let .string(hay):
                guard case let .string(needle) = at(0) else { return .bool(false) }
                return .bool(hay.contains(needle))
            default: return .bool(false)
            }
        case "starts_with", "ends_with":
            guard values.count == 2, case let .string(s) = values[0], case let .string(affix) = values[1] else { return .null }
            return .bool(op == "starts_with" ? s.utf8.starts(with: affix.utf8) : s.utf8.reversed().starts(with: affix.utf8.reversed()))
        case "sem_ver": return semVer(values)
        case "fractional": return fractional(values, env)
        default: throw UnknownOperator(name: op)
        }
    }

    static func looseEquals(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.array, .array), (.object, .object): return false
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case let (.string(x), .string(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        default: return number(a).map { x in number(b).map { $0 == x } ?? false } ?? false
        }
    }

    static func number(_ v: JSONValue) -> Double? {
        switch v {
        case let .int(i): Double(i)
        case let .bool(b): b ? 1 : 0
        case let .string(s): s.isEmpty ? 0 : Double(s.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    static func compare(_ op: String, _ a: JSONValue, _ b: JSONValue) -> JSONValue {
        if case let .string(x) = a, case let .string(y) = b {
            return .bool(op == "<" ? x < y : op == "<=" ? x <= y : op == ">" ? x > y : x >= y)
        }
        guard let x = number(a), let y = number(b) else { return .bool(false) }
        return .bool(op == "<" ? x < y : op == "<=" ? x <= y : op == ">" ? x > y : x >= y)
    }

    static func semVer(_ values: [JSONValue]) -> JSONValue {
        guard values.count == 3, case let .string(op) = values[1] else { return .null }
        func version(_ v: JSONValue) -> FlagSemVer? {
            switch v {
            case let .string(s): FlagSemVer(s)
            case let .int(i): FlagSemVer(String(i))
            default: nil
            }
        }
        guard let a = version(values[0]), let b = version(values[2]) else { return .null }
        switch op {
        case "=": return .bool(a == b)
        case "!=": return .bool(a != b)
        case "<": return .bool(a < b)
        case "<=": return .bool(a <= b)
        case ">": return .bool(a > b)
        case ">=": return .bool(a >= b)
        case "^": return .bool(a.major == b.major)
        case "~": return .bool(a.major == b.major && a.minor == b.minor)
        default: return .null
        }
    }

    static func fractional(_ values: [JSONValue], _ env: Environment) -> JSONValue {
        guard let first = values.first else { return .null }
        let bytes: [UInt8]
        var weights = values[...]
        if case .array = first {
            guard let key = env.targetingKey, !key.isEmpty else { return .null }
            bytes = FlagHash.cbor(strings: [env.flagKey, key])
        } else {
            guard case let .string(custom) = first else { return .null }
            bytes = FlagHash.cbor(string: custom)
            weights = values.dropFirst()
        }
        var fractions: [(JSONValue, Int)] = []
        var total = 0
        for arg in weights {
            guard case let .array(pair) = arg, (1...2).contains(pair.count) else { return .null }
            var weight = 1
            if pair.count == 2 {
                guard case let .int(w) = pair[1] else { return .null }
                weight = Int(clamping: max(0, min(w, Int64(Int32.max) + 1)))
            }
            fractions.append((pair[0], weight))
            total += weight
            if total > Int(Int32.max) { return .null }
        }
        guard total > 0 else { return .null }
        let bucket = FlagHash.bucket(FlagHash.murmur3(bytes), totalWeight: total)
        var end = 0
        for (variant, weight) in fractions {
            end += weight
            if bucket < end { return variant }
        }
        return .null
    }
}
