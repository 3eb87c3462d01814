import Foundation

extension RuleSet {
    /// How messages and `rules list` name the compiled-in rules.
    public static let builtInName = "built-in penguinmails.rules"

    /// The compiled-in copy of `Rules/penguinmails.rules` (`ShippedRules`, kept equal to
    /// the file by a test), so a binary copied anywhere still alerts.
    public static func builtIn() -> RuleParseResult {
        parse(text: ShippedRules.files["penguinmails.rules"] ?? "", source: builtInName)
    }
}
