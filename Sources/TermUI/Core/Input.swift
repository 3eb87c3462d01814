/// A key the user pressed, decoded by the backend.
public enum Key: Hashable, Sendable {
    case char(Character)
    /// Ctrl + a letter, lower-case (`.ctrl("l")` is Ctrl-L).
    case ctrl(Character)
    case enter, tab, backTab, escape, backspace, delete, insert
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
}

public enum MouseButton: Hashable, Sendable { case left, middle, right, wheelUp, wheelDown }

public struct MouseEvent: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var button: MouseButton
    public init(x: Int, y: Int, button: MouseButton) {
        self.x = x
        self.y = y
        self.button = button
    }
}

/// Everything that can arrive from the terminal side.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal changed size; the next frame is drawn at the new size.
    case resize(Size)
}
