/// One labelled input of a `Form`.
public struct FormField: Hashable, Sendable {
    public var label: String
    public var state: TextFieldState
    /// Shown in red under the field; set by validation, cleared when fixed.
    public var error: String?
    /// Masks the input (passwords, API tokens).
    public var isSecret: Bool
    public var placeholder: String?

    public init(label: String, text: String = "", maxLength: Int? = nil, isSecret: Bool = false, placeholder: String? = nil, error: String? = nil) {
        self.label = label
        self.state = TextFieldState(text: text, maxLength: maxLength)
        self.isSecret = isSecret
        self.placeholder = placeholder
        self.error = error
    }

    public var text: String { state.text }
}
