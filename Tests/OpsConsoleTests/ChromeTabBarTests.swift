import Testing
@testable import OpsConsole
import TermUI

/// The tab bar at every width the console allows: each pane keeps a tab with its digit and
/// badge, the active one keeps its whole title, the clock stays, and a click lands on the
/// tab drawn under it.
@MainActor
@Suite("Tab bar: narrow terminals")
struct ChromeTabBarTests {
    static let tabs: [ChromeRenderer.Tab] = [(1, "Health", 12), (2, "Alerts", 3), (3, "Users", nil), (4, "Silences", nil),
                                             (5, "Metrics", nil), (6, "Tickets", 140), (7, "Incidents", nil)]

    @Test(arguments: [60, 80, 100, 120, 200], [0, 1, 6])
    func everyTabFits(width: Int, active: Int) {
        var buffer = ScreenBuffer(size: Size(width: width, height: 3))
        ChromeRenderer.tabBar(into: &buffer, titles: Self.tabs, active: active, clock: "11:06", theme: .default)
        let line = buffer.textGrid().split(separator: "\n", omittingEmptySubsequences: false)[0]
        #expect(line.hasSuffix("11:06 "), "the clock stays at \(width): '\(line)'")
        let activeTab = Self.tabs[active]
        #expect(line.contains(" \(activeTab.number) \(activeTab.title)"), "the active tab keeps its title at \(width): '\(line)'")
        for tab in Self.tabs {
            #expect(line.contains(" \(tab.number)"), "tab \(tab.number) at \(width): '\(line)'")
            if let badge = tab.badge { #expect(line.contains("(\(badge))"), "badge of tab \(tab.number) at \(width): '\(line)'") }
        }
        for (i, tab) in ChromeRenderer.tabRanges(titles: Self.tabs, active: active, width: width, reserve: ChromeRenderer.clockReserve("11:06")).enumerated() {
            #expect(ChromeRenderer.tabIndex(at: tab.range.lowerBound + 1, titles: Self.tabs, active: active, width: width, clock: "11:06") == i)
        }
    }

    @Test func wideBarsKeepWholeTitles() {
        let tabs = ChromeRenderer.tabRanges(titles: Self.tabs, active: 0, width: 200, reserve: 7)
        #expect(tabs.map(\.label) == [" 1 Health (12) ", " 2 Alerts (3) ", " 3 Users ", " 4 Silences ", " 5 Metrics ", " 6 Tickets (140) ", " 7 Incidents "])
    }
}
