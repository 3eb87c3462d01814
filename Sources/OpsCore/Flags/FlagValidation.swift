import Foundation

/// Checks and parses flag input: one sentence naming the field and the allowed form.
public enum FlagValidation {
    public static let maxVariants = 50
    public static let maxRules = 100
    public static let maxValues = 100

    public static func key(_ raw: String) throws(OpsError) -> String {
        guard (1...100).contains(raw.utf8.count), let first = raw.utf8.first, isLowerOrDigit(first),
              raw.utf8.allSatisfy({ isLowerOrDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }) else {
            throw .invalid(field: "flag", message: "\(Printable.excerpt(raw)) is not a flag key; use 1-100 of a-z, 0-9, '-', '_', '.', starting with a letter or digit.")
        }
        return raw
    }

    private static func isLowerOrDigit(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }

    static func name(_ raw: String, field: String) throws(OpsError) -> String {
        guard (1...63).contains(raw.utf8.count), raw.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == ".") }) else {
            throw .invalid(field: field, message: "\(Printable.excerpt(raw)) is not a valid \(field); use 1-63 of A-Z, a-z, 0-9, '-', '_', '.'.")
        }
        return raw
    }

    /// `name=value`, the value read for the flag's kind.
    public static func variant(_ raw: String, kind: FeatureFlag.Kind) throws(OpsError) -> (String, JSONValue) {
        guard let eq = raw.firstIndex(of: "=") else {
            throw .invalid(field: "variant", message: "\(Printable.excerpt(raw)) is not name=value.")
        }
        let name = try name(String(raw[..<eq]), field: "variant")
        let text = String(raw[raw.index(after: eq)...])
        switch kind {
        case .boolean:
            guard text == "true" || text == "false" else { throw .invalid(field: "variant", message: "\(name) of a boolean flag must be true or false.") }
            return (name, .bool(text == "true"))
        case .number:
            guard let n = Int64(text) else { throw .invalid(field: "variant", message: "\(name) of a number flag must be an integer, not \(Printable.excerpt(text)).") }
            return (name, .int(n))
        case .string:
            guard text.utf8.count <= 1_000, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw .invalid(field: "variant", message: "\(name) must be at most 1000 characters without control characters.")
            }
            return (name, .string(text))
        case .object:
            guard text.utf8.count <= 10_000, let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object = value else {
                throw .invalid(field: "variant", message: "\(name) of an object flag must be a JSON object (at most 10000 bytes).")
            }
            return (name, value)
        }
    }

    /// `plan=enterprise|pro,region=eu -> dmarc-v2`; clauses `attr=a|b`, `attr^=prefix`,
    /// `attr$=suffix`, `attr>=1.2.0`, `attr<2.0.0`, `attr^2` (same major), `attr~2.1` (same minor).
    public static func rule(_ raw: String) throws(OpsError) -> FlagRule {
        let sides = raw.components(separatedBy: "->")
        guard sides.count == 2 else {
            throw .invalid(field: "rule", message: "\(Printable.excerpt(raw)) is not CLAUSES -> VARIANT (for example plan=enterprise,region=eu -> on).")
        }
        let variant = try name(sides[1].trimmingCharacters(in: .whitespaces), field: "variant")
        var clauses: [FlagClause] = []
        for part in sides[0].split(separator: ",") {
            clauses.append(try clause(part.trimmingCharacters(in: .whitespaces)))
        }
        guard !clauses.isEmpty else { throw .invalid(field: "rule", message: "\(Printable.excerpt(raw)) has no clause before ->.") }
        return FlagRule(clauses: clauses, variant: variant)
    }

    static func clause(_ text: String) throws(OpsError) -> FlagClause {
        let attrEnd = text.firstIndex(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-")) }) ?? text.endIndex
        let attribute = String(text[..<attrEnd])
        let rest = text[attrEnd...]
        guard !attribute.isEmpty, attribute.count <= 63, let op = FlagClause.Op.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count })
            .first(where: { rest.hasPrefix($0.rawValue) }) else {
            throw .invalid(field: "rule", message: "\(Printable.excerpt(text)) is not a clause; use attr=a|b, attr^=prefix, attr$=suffix, attr>=1.2.0, attr<2.0.0, attr^2 or attr~2.1.")
        }
        let values = rest.dropFirst(op.rawValue.count).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let made = FlagClause(attribute: attribute, op: op, values: values)
        try check(made)
        return made
    }

    static func check(_ clause: FlagClause) throws(OpsError) {
        let text = Printable.excerpt(clause.text)
        guard (1...maxValues).contains(clause.values.count),
              clause.values.allSatisfy({ (1...200).contains($0.utf8.count) && !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } }) else {
            throw .invalid(field: "rule", message: "\(text) needs 1-\(maxValues) values of 1-200 characters.")
        }
        if clause.op != .oneOf, clause.values.count != 1 { throw .invalid(field: "rule", message: "\(text) takes exactly one value.") }
        switch clause.op {
        case .versionAtLeast, .versionBelow, .versionSameMajor, .versionSameMinor:
            guard FlagSemVer(clause.values[0]) != nil else { throw .invalid(field: "rule", message: "\(text): \(Printable.excerpt(clause.values[0])) is not a semantic version.") }
        default: break
        }
    }

    /// The whole flag: variants typed by kind, the default and every rule naming a variant.
    public static func check(_ flag: FeatureFlag) throws(OpsError) {
        _ = try key(flag.key)
        guard (1...100).contains(flag.owner.utf8.count), !flag.owner.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalid(field: "owner", message: "An owner is 1-100 characters without control characters.")
        }
        guard flag.description.utf8.count <= 500 else { throw .invalid(field: "description", message: "A description is at most 500 characters.") }
        guard (1...maxVariants).contains(flag.variants.count) else {
            throw .invalid(field: "variant", message: "A flag has 1-\(maxVariants) variants; \(flag.key) has \(flag.variants.count).")
        }
        for (name, value) in flag.variants.sorted(by: { $0.key < $1.key }) {
            _ = try self.name(name, field: "variant")
            let fits = switch (flag.kind, value) {
            case (.boolean, .bool), (.string, .string), (.number, .int), (.object, .object): true
            default: false
            }
            guard fits else { throw .invalid(field: "variant", message: "Variant \(name) is not a \(flag.kind.rawValue) value.") }
        }
        func known(_ variant: String, _ role: String) throws(OpsError) {
            guard flag.variants[variant] != nil else {
                throw .invalid(field: "variant", message: "\(Printable.excerpt(variant)) (\(role)) is not a variant of \(flag.key); variants are \(flag.variants.keys.sorted().joined(separator: ", ")).")
            }
        }
        try known(flag.defaultVariant, "default")
        guard flag.rules.count <= maxRules else { throw .invalid(field: "rule", message: "A flag has at most \(maxRules) rules.") }
        for rule in flag.rules {
            try known(rule.variant, "rule")
            for clause in rule.clauses { try check(clause) }
        }
        if let rollout = flag.rollout {
            try known(rollout.variant, "rollout")
            guard rollout.variant != flag.defaultVariant else { throw .invalid(field: "rollout", message: "The rollout variant must differ from the default variant \(flag.defaultVariant).") }
            guard FeatureFlag.rolloutSteps.contains(rollout.percent) else {
                throw .invalid(field: "percent", message: "\(rollout.percent) % is not a rollout step; steps are \(FeatureFlag.rolloutSteps.map(String.init).joined(separator: ", ")).")
            }
        }
    }

    /// The next allowed step: the first step from nothing or after a kill, else the one after `current`.
    public static func nextStep(after current: Int?) -> Int? {
        guard let current else { return FeatureFlag.rolloutSteps.first }
        return FeatureFlag.rolloutSteps.first { $0 > current }
    }

    /// `k=v` context pairs; `targetingKey=` sets the targeting key.
    public static func context(_ pairs: [String]) throws(OpsError) -> (targetingKey: String?, attributes: [String: JSONValue]) {
        var key: String?
        var attributes: [String: JSONValue] = [:]
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw .invalid(field: "context", message: "\(Printable.excerpt(pair)) is not key=value.")
            }
            let name = String(pair[..<eq]), value = String(pair[pair.index(after: eq)...])
            if name == "targetingKey" { key = value } else { attributes[name] = .string(value) }
        }
        return (key, attributes)
    }
}
