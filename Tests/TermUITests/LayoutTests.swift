import Testing
@testable import TermUI

@Suite struct LayoutTests {
    @Test func sizes() {
        #expect(Layout.sizes(total: 80, constraints: [.fixed(10), .fill(1)]) == [10, 70])
        #expect(Layout.sizes(total: 81, constraints: [.percent(50), .percent(50)]) == [40, 41])
        #expect(Layout.sizes(total: 10, constraints: [.fill(1), .fill(2)]) == [3, 7])
        #expect(Layout.sizes(total: 80, constraints: [.fixed(50), .fixed(50)]) == [50, 30])
        #expect(Layout.sizes(total: 30, constraints: [.fixed(10), .min(5)]) == [10, 20])
        #expect(Layout.sizes(total: 30, constraints: [.min(5), .fill(1)]) == [5, 25])
        #expect(Layout.sizes(total: 30, constraints: [.percent(10), .fixed(5)]) == [3, 5])
        #expect(Layout.sizes(total: 0, constraints: [.fixed(3), .fill(1)]) == [0, 0])
        #expect(Layout.sizes(total: 10, constraints: [.fill(0), .fill(0)]) == [5, 5])
        #expect(Layout.sizes(total: 10, constraints: [.fixed(-4), .percent(300), .fill(Int.max)]) == [0, 10, 0])
        #expect(Layout.sizes(total: 10, constraints: []) == [])
    }

    @Test func fillPartsTileExactly() {
        for total in 0..<200 {
            let sizes = Layout.sizes(total: total, constraints: [.fixed(3), .percent(33), .fill(1), .fill(3), .min(2)])
            #expect(sizes.reduce(0, +) == total)
            #expect(sizes.allSatisfy { $0 >= 0 })
        }
    }

    @Test func splitPlacesRects() {
        let area = Rect(x: 2, y: 1, width: 20, height: 10)
        let columns = Layout.split(area, direction: .horizontal, constraints: [.fixed(5), .fill(1)])
        #expect(columns == [Rect(x: 2, y: 1, width: 5, height: 10), Rect(x: 7, y: 1, width: 15, height: 10)])
        let rows = area.split(.vertical, [.fixed(1), .fill(1), .fixed(1)])
        #expect(rows == [Rect(x: 2, y: 1, width: 20, height: 1), Rect(x: 2, y: 2, width: 20, height: 8), Rect(x: 2, y: 10, width: 20, height: 1)])
    }

    @Test func centered() {
        let area = Rect(x: 0, y: 0, width: 81, height: 24)
        #expect(area.centered(width: 40, height: 10) == Rect(x: 20, y: 7, width: 40, height: 10))
        #expect(area.centered(width: 100, height: 30) == area)
        #expect(Rect(x: 5, y: 5, width: 3, height: 3).centered(width: 1, height: 1) == Rect(x: 6, y: 6, width: 1, height: 1))
        #expect(area.bottom(1) == Rect(x: 0, y: 23, width: 81, height: 1))
    }
}
