import OpsCore
import TermUI

/// The form keys every modal understands (the rows of the `form` scope), once: a pane
/// with dialogs conforms and supplies what submit, cancel, field moves and typing mean.
@MainActor protocol ModalHost: AnyObject {
    var modalIsOpen: Bool { get }
    func closeModal()
    func submitModal()
    /// Next (Tab) or previous (Shift-Tab) field; a one-field prompt ignores it.
    func moveModalField(forward: Bool)
    /// A key the table did not claim: text into the focused field, a checkbox, a button.
    func typeInModal(_ key: Key) -> Bool
}

extension ModalHost {
    func moveModalField(forward: Bool) {}

    /// Routes a command while a modal is open; every command is taken (the pane's own keys
    /// are not live under a dialog).
    func performModal(_ command: CommandID) -> Bool {
        switch command {
        case .formCancel, .back: closeModal()
        case .formSubmit, .confirmYes: submitModal()
        case .confirmNo: closeModal()
        case .formNextField: moveModalField(forward: true)
        case .formPreviousField: moveModalField(forward: false)
        case .formToggle: return typeInModal(.char(" "))
        default: break
        }
        return true
    }
}

/// The frame every dialog shares: a filled box and a last line that shows the refusal
/// when there is one, else the key hint.
public enum ModalChrome {
    /// Fills `rect`, draws the border (red for dangerous dialogs) and returns the inside.
    public static func frame(_ rect: Rect, title: String, theme: Theme, into buffer: inout ScreenBuffer,
                             capabilities: TerminalCapabilities, dangerous: Bool = false) -> Rect {
        buffer.fill(rect, with: Cell(grapheme: " ", style: theme[.dialog]))
        return Box(title: title, focused: true, borderKey: dangerous ? .dangerous : .dialogBorder)
            .render(into: &buffer, area: rect, theme: theme, capabilities: capabilities)
    }

    /// The bottom line of a dialog: "! sentence" when refused, else the hint.
    public static func footer(_ error: String?, hint: String, inner: Rect, theme: Theme, into buffer: inout ScreenBuffer) {
        guard inner.height > 0 else { return }
        let y = inner.maxY - 1
        buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), with: Cell(grapheme: " ", style: theme[.dialog]))
        if let error {
            buffer.put("! " + error.replacingOccurrences(of: "\n", with: " "), x: inner.x + 1, y: y, style: theme[.inputError],
                       maxWidth: inner.width - 2)
        } else {
            buffer.put(hint, x: inner.x + 1, y: y, style: theme[.textDim], maxWidth: inner.width - 2)
        }
    }

    /// A one-field prompt: "Label field" on the first line, the footer on the last.
    public static func prompt(title: String, label: String, placeholder: String, field: TextFieldState, error: String?, hint: String,
                              area: Rect, theme: Theme, into buffer: inout ScreenBuffer, capabilities: TerminalCapabilities,
                              dangerous: Bool = false) {
        let rect = area.centered(width: min(area.width, 72), height: min(area.height, 6))
        let inner = frame(rect, title: title, theme: theme, into: &buffer, capabilities: capabilities, dangerous: dangerous)
        guard inner.height >= 2 else { return }
        let x = inner.x + 1 + buffer.put(label + " ", x: inner.x + 1, y: inner.y, style: theme[.dialog])
        _ = TextField(focused: true, placeholder: placeholder, hasError: error != nil)
            .render(into: &buffer, area: Rect(x: x, y: inner.y, width: max(0, inner.maxX - 1 - x), height: 1), theme: theme, state: field)
        footer(error, hint: hint, inner: inner, theme: theme, into: &buffer)
    }
}

extension ConsoleEnvironment {
    /// Runs a store call; a refusal becomes a status message (the console never exits on it).
    @discardableResult
    public func attempt<T>(_ body: () throws(OpsError) -> T) -> T? {
        do { return try body() } catch {
            status.show(error)
            return nil
        }
    }
}
