import Foundation
import Testing
@testable import OpsCollector

@Suite("Demo workload")
struct DemoWorkloadTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func value(_ samples: [MetricSample], _ name: String, _ labels: [String: String]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    @Test func sameInstantSameValues() {
        let w = DemoWorkload(start: start)
        let now = start.addingTimeInterval(77)
        #expect(w.samples(at: now) == w.samples(at: now))
    }

    @Test func episodesFollowTheScript() {
        let w = DemoWorkload(start: start)
        #expect(w.episode(at: start.addingTimeInterval(10)) == nil)
        #expect(w.episode(at: start.addingTimeInterval(150)) == .backlog)
        #expect(w.episode(at: start.addingTimeInterval(450)) == .blacklist)
        #expect(w.episode(at: start.addingTimeInterval(700)) == .bounceSpike)
        #expect(w.episode(at: start.addingTimeInterval(900 + 150)) == .backlog, "the script repeats")
    }

    @Test func backlogPassesTheCriticalThresholdAndDrains() {
        let w = DemoWorkload(start: start)
        let peak = value(w.samples(at: start.addingTimeInterval(150)), "pm_queue_depth", ["queue": "outbound-main"]) ?? 0
        let calm = value(w.samples(at: start.addingTimeInterval(10)), "pm_queue_depth", ["queue": "outbound-main"]) ?? .infinity
        let drained = value(w.samples(at: start.addingTimeInterval(385)), "pm_queue_depth", ["queue": "outbound-main"]) ?? .infinity
        #expect(peak > 10_000)
        #expect(calm < 1_000)
        #expect(drained < 1_000)
    }

    @Test func blacklistAndBounceEpisodesShowInTheirSeries() {
        let w = DemoWorkload(start: start)
        let listed = w.samples(at: start.addingTimeInterval(450))
        #expect(value(listed, "pm_blacklist_listings", ["ip": "203.0.113.12", "list": "spamhaus-sbl"]) == 1)
        #expect(value(w.samples(at: start.addingTimeInterval(10)), "pm_blacklist_listings", ["ip": "203.0.113.12", "list": "spamhaus-sbl"]) == 0)
        let bounce = value(w.samples(at: start.addingTimeInterval(700)), "pm_bounce_percent", ["pool": "main"]) ?? 0
        #expect(bounce > 5)
        let normal = value(w.samples(at: start.addingTimeInterval(10)), "pm_bounce_percent", ["pool": "main"]) ?? 99
        #expect(normal < 3)
    }

    @Test func speedFastForwards() {
        let w = DemoWorkload(start: start, speed: 10)
        #expect(w.episode(at: start.addingTimeInterval(15)) == .backlog)
    }

    @Test func valuesStayInRealisticRanges() {
        let w = DemoWorkload(start: start)
        for offset in stride(from: 0.0, to: DemoWorkload.cycle, by: 7) {
            for s in w.samples(at: start.addingTimeInterval(offset)) {
                #expect(s.value.isFinite)
                #expect(s.value >= 0, "\(s)")
                if s.name.hasSuffix("_percent") { #expect(s.value <= 100, "\(s)") }
            }
        }
    }
}
