import Testing
@testable import TermUI

/// The colour degradation the ncurses backend relies on (rgb → 256 → 16 → 8 → none).
@Suite struct RunLoopColorMapperTests {
    typealias Depth = TerminalCapabilities.ColorDepth

    @Test(arguments: [Depth.none, .eight, .sixteen, .palette256, .trueColor])
    func defaultSurvivesEveryDepth(_ depth: Depth) {
        #expect(TerminalColorMapper.reduce(.default, to: depth) == .default)
    }

    @Test func noColourDropsEverything() {
        for color in [Color.ansi(1), .indexed(200), .rgb(1, 2, 3)] {
            #expect(TerminalColorMapper.reduce(color, to: .none) == .default)
        }
    }

    @Test func rgbDegradesStepByStep() {
        #expect(TerminalColorMapper.reduce(.rgb(255, 0, 0), to: .trueColor) == .rgb(255, 0, 0))
        #expect(TerminalColorMapper.reduce(.rgb(255, 0, 0), to: .palette256) == .indexed(196))
        #expect(TerminalColorMapper.reduce(.rgb(255, 0, 0), to: .sixteen) == .ansi(9))
        #expect(TerminalColorMapper.reduce(.rgb(255, 0, 0), to: .eight) == .ansi(1))
    }

    @Test func greysPreferTheGreyRamp() {
        #expect(TerminalColorMapper.reduce(.rgb(128, 128, 128), to: .palette256) == .indexed(244))
        #expect(TerminalColorMapper.reduce(.rgb(0, 0, 0), to: .palette256) == .indexed(16))
        #expect(TerminalColorMapper.reduce(.rgb(255, 255, 255), to: .palette256) == .indexed(231))
    }

    @Test func paletteColoursDegrade() {
        #expect(TerminalColorMapper.reduce(.indexed(196), to: .palette256) == .indexed(196))
        #expect(TerminalColorMapper.reduce(.indexed(196), to: .sixteen) == .ansi(9))
        #expect(TerminalColorMapper.reduce(.indexed(3), to: .eight) == .ansi(3))
        #expect(TerminalColorMapper.reduce(.indexed(12), to: .eight) == .ansi(4))
        #expect(TerminalColorMapper.reduce(.ansi(12), to: .eight) == .ansi(4))
        #expect(TerminalColorMapper.reduce(.ansi(12), to: .sixteen) == .ansi(12))
    }

    @Test func directColourKeepsOnlyTheFirstEightAsNumbers() {
        #expect(TerminalColorMapper.reduce(.ansi(3), to: .trueColor) == .ansi(3))
        #expect(TerminalColorMapper.reduce(.ansi(9), to: .trueColor) == .rgb(255, 0, 0))
        #expect(TerminalColorMapper.reduce(.indexed(16), to: .trueColor) == .rgb(0, 0, 0))
    }

    @Test func paletteMatchesXterm() {
        #expect(TerminalColorMapper.palette(16) == (0, 0, 0))
        #expect(TerminalColorMapper.palette(231) == (255, 255, 255))
        #expect(TerminalColorMapper.palette(232) == (8, 8, 8))
        #expect(TerminalColorMapper.palette(255) == (238, 238, 238))
        #expect(TerminalColorMapper.palette(67) == (95, 135, 175))
    }
}
