import Testing
import _OpsTestSupport
@testable import TermUI

/// Golden screens of the composed sample at several sizes, in the monochrome theme and
/// on an ASCII-only terminal. Record with RECORD_SNAPSHOTS=1 (the run fails on purpose).
@Suite struct SampleScreenTests {
    static let directory = ScreenSnapshot.directory(besides: #filePath)

    @Test(arguments: [
        (Size(width: 80, height: 24), SampleScreen.Overlay.none, "sample-80x24"),
        (Size(width: 120, height: 40), .dialog, "sample-120x40-dialog"),
        (Size(width: 200, height: 60), .form, "sample-200x60-form"),
    ])
    func goldenSizes(size: Size, overlay: SampleScreen.Overlay, name: String) {
        let screen = SampleScreen.render(size: size, theme: .default, overlay: overlay)
        #expect(wideCellsArePaired(screen))
        assertSnapshot(screen, named: name, directory: Self.directory)
    }

    @Test func goldenMonochrome() throws {
        let (mono, warnings) = try Theme.load(path: ThemeTests.themesDirectory.appendingPathComponent("mono.theme").path)
        #expect(warnings.isEmpty)
        let screen = SampleScreen.render(size: Size(width: 80, height: 24), theme: mono)
        #expect(screen.cells.allSatisfy { $0.style.foreground == .default && $0.style.background == .default })
        assertSnapshot(screen, named: "sample-80x24-mono", directory: Self.directory)
    }

    @Test func goldenASCII() {
        let screen = SampleScreen.render(size: Size(width: 80, height: 24), theme: .default, capabilities: asciiTerminal)
        // Widget glyphs (box drawing, blocks, braille, ⚠, │) fall back to ASCII; only
        // the data itself may still hold non-ASCII text.
        let glyphs = screen.textGrid().unicodeScalars.filter { (0x2500...0x28FF).contains($0.value) || $0 == "⚠" }
        #expect(glyphs.isEmpty)
        assertSnapshot(screen, named: "sample-80x24-ascii", directory: Self.directory)
    }

    /// Every row of every size ends exactly at the screen edge: no wide or hostile text
    /// pushed a border out of line.
    @Test func bordersStayAligned() {
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60), Size(width: 33, height: 9)] {
            let screen = SampleScreen.render(size: size, theme: .default)
            for line in lines(screen) {
                #expect(TextWidth.width(of: line) == size.width)
            }
        }
    }

    /// Frames go through TestBackend; diffs between consecutive frames reproduce them.
    @Test func backendSeesConsistentFrames() {
        let backend = TestBackend(size: Size(width: 120, height: 40))
        var previous: ScreenBuffer?
        for overlay in [SampleScreen.Overlay.none, .dialog, .none, .form] {
            let frame = SampleScreen.render(size: backend.size, theme: .default, overlay: overlay)
            backend.present(frame, previous: previous)
            #expect(backend.screen == frame)
            previous = frame
        }
        #expect(backend.runs[0].count == 40)
        #expect(backend.runs[1].count < 40)
    }

    @Test func tinyScreensDoNotCrash() {
        for width in 0..<12 {
            for height in 0..<6 {
                let screen = SampleScreen.render(size: Size(width: width, height: height), theme: .default, overlay: .dialog)
                #expect(screen.cells.count == width * height)
                #expect(wideCellsArePaired(screen))
            }
        }
    }
}
