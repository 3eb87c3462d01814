import FuzzSupport
import OpsCollector

/// A rules file: every error and warning names a line of the file, and a file with errors
/// yields no rule set.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let text = Fuzz.text(start, count)
    let result = RuleSet.parse(text: text, source: "fuzz.rules")
    let lines = Fuzz.lineCount(text)
    for diagnostic in result.errors + result.warnings {
        let whole = diagnostic.line == 0 && text.utf8.count > RuleSet.maxBytes
        Fuzz.check(whole || (1...lines).contains(diagnostic.line), "diagnostic on line \(diagnostic.line) of \(lines): \(diagnostic.message)")
        Fuzz.check(!diagnostic.message.isEmpty, "a diagnostic without a message")
    }
    Fuzz.check(result.errors.isEmpty == result.isValid, "errors and a rule set together")
    if let rules = result.ruleSet?.rules {
        Fuzz.check(Set(rules.map(\.name)).count == rules.count, "two rules with one name")
    }
    return 0
}

@_cdecl("FuzzRules_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzRules)
}
