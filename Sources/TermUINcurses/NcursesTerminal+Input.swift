import CNcursesw
import Glibc
import TermUI

extension NcursesTerminal {
    /// Drains everything curses has buffered or can read now (stdscr is in nodelay mode),
    /// decoding it into `InputEvent`s. Unknown keys are dropped rather than guessed.
    public func readPendingInput() -> [InputEvent] {
        guard isRunning else { return [] }
        var events: [InputEvent] = []
        var escape = EscapeState.none
        // Bounded so a flood (a huge paste) cannot starve rendering. curses reads the tty
        // one byte at a time, so the rest stays in the kernel and the read source fires again.
        for _ in 0..<4096 {
            var character: wint_t = 0
            let status = wget_wch(pm_stdscr(), &character)
            if status == ERR { break }
            if status == KEY_CODE_YES {
                escape = .none
                if let event = decodeKeyCode(Int32(bitPattern: character)) { events.append(event) }
                continue
            }
            let value = UInt32(character)
            if escape.swallows(value, events: &events, state: &escape) { continue }
            if value == 0x1B { escape = .escape }
            if let last = events.last, let merged = Self.combining(value, onto: last) {
                events[events.count - 1] = merged
            } else if let event = Self.decodeCharacter(value) {
                events.append(event)
            }
        }
        return events
    }

    /// What follows an Esc that curses did not recognise as a key. Alt+key (Esc then a
    /// character within the escape delay) is ignored so Alt-q does not quit, and the rest
    /// of an unknown CSI/SS3 sequence (e.g. a modified arrow missing from terminfo) is
    /// swallowed instead of arriving as stray characters.
    enum EscapeState {
        case none, escape, csi, ss3

        /// True when `value` is consumed; updates `state` and drops the queued Esc event.
        func swallows(_ value: UInt32, events: inout [InputEvent], state: inout EscapeState) -> Bool {
            state = .none
            switch self {
            case .none:
                return false
            case .escape:
                guard value >= 0x20 && value != 0x7F else { return false }
                if events.last == .key(.escape) { events.removeLast() }
                if value == UInt32(UInt8(ascii: "[")) { state = .csi }
                if value == UInt32(UInt8(ascii: "O")) { state = .ss3 }
                return true
            case .csi:
                if (0x20...0x3F).contains(value) {
                    state = .csi
                    return true
                }
                return (0x40...0x7E).contains(value)
            case .ss3:
                return (0x40...0x7E).contains(value)
            }
        }
    }

    // MARK: - Decoding

    /// A character from wget_wch (status OK). Control codes become named keys.
    static func decodeCharacter(_ value: UInt32) -> InputEvent? {
        switch value {
        case 0x0D, 0x0A: return .key(.enter)
        case 0x09: return .key(.tab)
        case 0x1B: return .key(.escape)
        case 0x7F, 0x08: return .key(.backspace)
        case 0x01...0x1A:
            let letter = Character(Unicode.Scalar(UInt8(0x60 + value)))
            return .key(.ctrl(letter))
        case 0x00, 0x1C...0x1F, 0x80...0x9F:
            return nil
        default:
            return Unicode.Scalar(value).map { .key(.char(Character($0))) }
        }
    }

    /// curses delivers a combining mark as its own character; it belongs to the
    /// character typed before it. Nil when `value` does not combine with `previous`.
    static func combining(_ value: UInt32, onto previous: InputEvent) -> InputEvent? {
        guard case .key(.char(let base)) = previous, let scalar = Unicode.Scalar(value) else { return nil }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark:
            var text = String(base)
            text.unicodeScalars.append(scalar)
            return text.count == 1 ? .key(.char(Character(text))) : nil
        default:
            return nil
        }
    }

    /// A function-key code (status KEY_CODE_YES).
    private func decodeKeyCode(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME, KEY_A1: return .key(.home)
        case KEY_END, KEY_C1: return .key(.end)
        case KEY_PPAGE, KEY_A3: return .key(.pageUp)
        case KEY_NPAGE, KEY_C3: return .key(.pageDown)
        case KEY_DC: return .key(.delete)
        case KEY_IC: return .key(.insert)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        case KEY_RESIZE:
            needsFullRepaint = true
            size = Size(width: Int(pm_cols()), height: Int(pm_lines()))
            return .resize(size)
        case KEY_MOUSE:
            return readMouseEvent()
        case pm_key_f(1)...pm_key_f(63):
            return .key(.function(Int(code - pm_key_f(0))))
        default:
            return nil
        }
    }

    private func readMouseEvent() -> InputEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let button: MouseButton
        switch pm_mouse_button(event.bstate) {
        case 1: button = .left
        case 2: button = .middle
        case 3: button = .right
        case 4: button = .wheelUp
        case 5: button = .wheelDown
        default: return nil
        }
        return .mouse(MouseEvent(x: Int(event.x), y: Int(event.y), button: button))
    }
}
