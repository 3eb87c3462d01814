/// Why a theme file was rejected. Each case names the file and line so the message can
/// be acted on without opening a debugger.
public enum ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A line that is not `key = style`, or a style that does not parse.
    case syntax(source: String, line: Int, message: String)
    /// A colour name, `#rrggbb` or `colorN` that is not valid.
    case invalidColor(source: String, line: Int, token: String)
    /// The file could not be read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .syntax(let source, let line, let message):
            return "\(source):\(line): \(message)"
        case .invalidColor(let source, let line, let token):
            return "\(source):\(line): invalid colour '\(token)' (use a name like red or bright-red, default, #rrggbb or color0…color255)"
        case .unreadable(let path, let reason):
            return "\(path): cannot read theme: \(reason)"
        }
    }
}
