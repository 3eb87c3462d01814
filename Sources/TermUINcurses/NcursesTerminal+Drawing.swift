import Foundation
import CNcursesw
import Glibc
import TermUI

extension NcursesTerminal {
    /// Writes the runs of `frame` that differ from `previous` (`ScreenBuffer.diff`) into
    /// stdscr, then flushes once (wnoutrefresh + doupdate). ncurses also compares against
    /// its own copy of the screen, so an unchanged cell never reaches the wire.
    public func present(_ frame: ScreenBuffer, previous: ScreenBuffer?) {
        guard isRunning else { return }
        let reference = needsFullRepaint ? nil : previous.flatMap { $0.size == frame.size ? $0 : nil }
        needsFullRepaint = false
        if reference == nil { werase(pm_stdscr()) }
        let runs = reference.map { frame.diff(from: $0) } ?? frame.fullRepaint()
        let rows = min(frame.size.height, size.height)
        let columns = min(frame.size.width, size.width)
        var scratch = [wchar_t](repeating: 0, count: Self.scratchCapacity)
        for run in runs where run.y < rows {
            for (offset, cell) in run.cells.enumerated() {
                let x = run.x + offset
                guard x < columns else { break }
                // A continuation is covered by its head, which a run always includes.
                guard !cell.isContinuation else { continue }
                draw(cell, x: x, y: run.y, maxWidth: columns - x, scratch: &scratch)
            }
        }
        wnoutrefresh(pm_stdscr())
        doupdate()
    }

    /// OSC 52 with the text base64-encoded: the payload is letters, digits, `+/=`, so no
    /// byte of it can end the sequence or start another. Written after the frame's flush.
    public func copyToClipboard(_ text: String) {
        guard isRunning else { return }
        let sequence = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        var bytes = Array(sequence.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    // MARK: - Cells

    /// Room for a grapheme of up to seven scalars plus the terminating zero; setcchar takes
    /// at most CCHARW_MAX (5) anyway, longer graphemes fall back to their first scalar.
    private static var scratchCapacity: Int { 8 }

    /// Draws one cell so that exactly `cell.width` columns are covered, whatever the C
    /// library thinks the grapheme's width is: columns never drift. Fallbacks, in order:
    /// the whole grapheme, its first scalar, "?" (also used for non-ASCII outside UTF-8).
    private func draw(_ cell: Cell, x: Int, y: Int, maxWidth: Int, scratch: inout [wchar_t]) {
        let width = min(Int(cell.width), maxWidth)
        guard width > 0 else { return }
        let (attributes, pair) = palette.resolve(cell.style)
        var count = 0
        var printable = true
        for scalar in cell.grapheme.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) || (!capabilities.unicode && value > 0x7E) {
                printable = false
                break
            }
            guard count < Self.scratchCapacity - 1 else { break }
            scratch[count] = wchar_t(bitPattern: value)
            count += 1
        }
        var covered = 0
        if printable && count > 0 {
            covered = put(scratch: &scratch, count: count, width: width, x: x, y: y, attributes: attributes, pair: pair)
            if covered == 0 && count > 1 {
                covered = put(scratch: &scratch, count: 1, width: width, x: x, y: y, attributes: attributes, pair: pair)
            }
        }
        if covered == 0 {
            scratch[0] = wchar_t(UInt8(ascii: "?"))
            covered = put(scratch: &scratch, count: 1, width: width, x: x, y: y, attributes: attributes, pair: pair)
        }
        // Pad what the C library considers narrower than we do (e.g. some emoji).
        scratch[0] = wchar_t(UInt8(ascii: " "))
        scratch[1] = 0
        for padX in (x + max(covered, 1))..<(x + width) {
            _ = pm_put_cell(Int32(y), Int32(padX), scratch, attributes, pair)
        }
    }

    /// Puts the first `count` scalars of `scratch` at (x, y) when they fit in `width`
    /// columns; returns the columns covered, 0 when nothing was drawn.
    private func put(
        scratch: inout [wchar_t], count: Int, width: Int, x: Int, y: Int, attributes: attr_t, pair: Int32
    ) -> Int {
        let columns = Int(pm_wcswidth(scratch, count))
        guard columns >= 1, columns <= width else { return 0 }
        scratch[count] = 0
        return pm_put_cell(Int32(y), Int32(x), scratch, attributes, pair) == 0 ? columns : 0
    }
}
