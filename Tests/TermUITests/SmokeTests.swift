import Testing
@testable import TermUI

@Test func bufferStartsBlank() {
    let b = ScreenBuffer(size: Size(width: 3, height: 2))
    #expect(b.cells.count == 6)
    #expect(b[2, 1] == .blank)
}
