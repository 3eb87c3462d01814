import Foundation
import FuzzSupport
import OpsCore

/// flagd flag definitions (`pmops flags import`, the evaluator's input): the first byte picks
/// a flagd file (even) or pmops' stored flag JSON (odd).
/// - flagd: every refusal names the `flagd` field; each accepted definition evaluates for a
///   few contexts to one of its variants, its default, or an error with a message; the file
///   rebuilt from the definitions (canonical JSON) reads back to the same definitions.
/// - stored flag: a valid flag exported to flagd (`FlagdExport.text`) reads back, and the
///   definition read from the export evaluates exactly as the flag itself (a differential).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlagd(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let (selector, text) = Fuzz.split(start, count) else { return 0 }
    if selector % 2 == 0 { document(Data(Fuzz.bytes(start, count).dropFirst())) } else { stored(text) }
    return 0
}

private let contexts: [(String?, [String: JSONValue])] = [
    (nil, [:]),
    ("user-1", ["email": "ops@penguinmails.com", "plan": "pro", "tenant": "acme", "region": "eu", "version": "1.2.3", "seats": .int(12)]),
    ("tenant-42", ["plan": "free", "tenant": "", "region": "us", "version": "0.0.1-beta", "seats": .int(-1), "beta": .bool(true)]),
    ("", ["email": .int(3), "plan": .null, "version": .array(["1"]), "seats": "12"]),
]

private func check(_ flag: CompiledFlag) -> [FlagEvaluation] {
    contexts.map { key, attributes in
        let result = flag.evaluate(targetingKey: key, context: attributes, timestamp: 1_796_000_000)
        if let variant = result.variant {
            Fuzz.check(flag.variants[variant] == result.value, "variant \(variant) with another value")
        } else {
            Fuzz.check([.disabled, .error, .defaultValue].contains(result.reason), "no variant with reason \(result.reason)")
            Fuzz.check(result.reason != .error || !(result.message ?? "").isEmpty, "an error without a message")
        }
        return result
    }
}

private func document(_ data: Data) {
    let definitions: [FlagdDefinition]
    do { definitions = try FlagdDocument.parse(data) } catch {
        Fuzz.check(error.fieldErrors.map(\.field) == ["flagd"], "a refusal without the flagd field: \(error)")
        return
    }
    for definition in definitions { _ = check(CompiledFlag(definition)) }
    var flags: [String: JSONValue] = [:]
    for d in definitions {
        var fields: [String: JSONValue] = ["state": .string(d.state.rawValue), "variants": .object(d.variants)]
        if let v = d.defaultVariant { fields["defaultVariant"] = .string(v) }
        if let t = d.targeting { fields["targeting"] = t }
        flags[d.key] = .object(fields)
    }
    let rebuilt = JSONValue.object(["flags": .object(flags)]).canonical
    do {
        let again = try FlagdDocument.parse(Data(rebuilt.utf8))
        Fuzz.check(again == definitions, "the definitions written back read differently")
    } catch {
        Fuzz.check(false, "the definitions written back are refused: \(error)")
    }
}

private func stored(_ text: String) {
    guard let flag = FeatureFlag(definitionText: text), (try? FlagValidation.check(flag)) != nil else { return }
    let export = FlagdExport.text([flag])
    let definitions: [FlagdDefinition]
    do { definitions = try FlagdDocument.parse(Data(export.utf8)) } catch {
        Fuzz.check(false, "pmops' own export is refused: \(error)\n\(export)")
        return
    }
    Fuzz.check(definitions.count == 1 && definitions[0].key == flag.key, "the export holds other flags")
    let ours = check(CompiledFlag(flag))
    let theirs = check(CompiledFlag(definitions[0]))
    Fuzz.check(ours == theirs, "the flagd export evaluates differently: \(ours) vs \(theirs)\n\(export)")
}

@_cdecl("FuzzFlagd_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzFlagd)
}
