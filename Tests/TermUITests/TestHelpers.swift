@testable import TermUI

/// The text grid as lines, for inline expectations (ratatui style).
func lines(_ buffer: ScreenBuffer) -> [String] {
    buffer.textGrid().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// A blank buffer of the given size.
func canvas(_ width: Int, _ height: Int) -> ScreenBuffer {
    ScreenBuffer(size: Size(width: width, height: height))
}

let asciiTerminal = TerminalCapabilities(colorDepth: .none, unicode: false)
