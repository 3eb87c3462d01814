import Foundation
import OpsCore
import Testing

@Suite("Alert lifecycle, matchers and routing")
struct AlertRulesTests {
    @Test("every action from every state: allowed moves and refusals", arguments: AlertAction.allCases)
    func table(_ action: AlertAction) {
        let expected: [AlertState: AlertState?]
        switch action {
        case .acknowledge: expected = [.open: .acknowledged, .acknowledged: nil, .snoozed: .acknowledged, .resolved: nil, .closed: nil]
        case .snooze: expected = [.open: .snoozed, .acknowledged: .snoozed, .snoozed: .snoozed, .resolved: nil, .closed: nil]
        case .resolve: expected = [.open: .resolved, .acknowledged: .resolved, .snoozed: .resolved, .resolved: nil, .closed: nil]
        case .close: expected = [.open: nil, .acknowledged: nil, .snoozed: nil, .resolved: .closed, .closed: nil]
        case .falsePositive: expected = [.open: .closed, .acknowledged: .closed, .snoozed: .closed, .resolved: .closed, .closed: nil]
        case .escalate: expected = [.open: .open, .acknowledged: .acknowledged, .snoozed: .snoozed, .resolved: nil, .closed: nil]
        case .assign: expected = [.open: .open, .acknowledged: .acknowledged, .snoozed: .snoozed, .resolved: .resolved, .closed: nil]
        case .note: expected = [.open: .open, .acknowledged: .acknowledged, .snoozed: .snoozed, .resolved: .resolved, .closed: .closed]
        case .sourceResolved: expected = [.open: .resolved, .acknowledged: .resolved, .snoozed: .resolved, .resolved: .resolved, .closed: .closed]
        case .unsnooze: expected = [.open: nil, .acknowledged: nil, .snoozed: .open, .resolved: nil, .closed: nil]
        }
        for state in AlertState.allCases {
            let result = try? AlertLifecycle.next(action, from: state, acknowledged: false).get()
            #expect(result == expected[state] ?? nil, "\(action) from \(state)")
        }
    }

    @Test("waking a snoozed alert returns it to acknowledged when it had been acknowledged")
    func wakeAcknowledged() throws {
        #expect(try AlertLifecycle.next(.unsnooze, from: .snoozed, acknowledged: true).get() == .acknowledged)
        #expect(AlertLifecycle.next(.acknowledge, from: .acknowledged, acknowledged: true) == .failure(.alreadyAcknowledged))
    }

    @Test("matchers: equality, negation, anchored regexes, missing labels read as empty")
    func matchers() throws {
        let labels = ["service": "mta", "instance": "mx1:9100"]
        #expect(try LabelMatcher.parse(#"service="mta""#).matches(labels))
        #expect(try !LabelMatcher.parse(#"service!="mta""#).matches(labels))
        #expect(try LabelMatcher.parse(#"instance=~"mx\d+:.*""#).matches(labels))
        #expect(try !LabelMatcher.parse(#"instance=~"mx""#).matches(labels), "anchored")
        #expect(try LabelMatcher.parse(#"instance!~"db.*""#).matches(labels))
        #expect(try LabelMatcher.parse(#"team="""#).matches(labels))
        #expect(try LabelMatcher.parse("service=mta").value == "mta")
        let list = try LabelMatcher.parseList(#"a=~"x,y", b="q\"uote""#)
        #expect(list.map(\.value) == ["x,y", "q\"uote"])
        for bad in [#"service=~"(""#, "no operator", #"1bad="x""#, #"service="unclosed"#, "service=\u{1B}[31m"] {
            #expect(throws: OpsError.self, "\(bad)") { try LabelMatcher.parse(bad) }
        }
        #expect(throws: OpsError.self) { try LabelMatcher(name: "s", op: .equal, value: String(repeating: "x", count: 2_000)) }
    }

    @Test("routing: first match wins, severity matches as a label, errors carry file:line")
    func routing() throws {
        let routing = try AlertRouting.parse("""
            # comment
            route pager severity="critical"   # critical pages
            route mta service="mta"
            route ops *
            escalate pager 1 alice 5m
            escalate pager 2 bob,carol 1h
            """)
        #expect(routing.team(for: ["service": "mta"], severity: "critical") == "pager")
        #expect(routing.team(for: ["service": "mta"], severity: "warning") == "mta")
        #expect(routing.team(for: [:], severity: "info") == "ops")
        #expect(routing.policy(team: "pager").map(\.notify) == [["alice"], ["bob", "carol"]])
        #expect(try AlertRouting.parse(routing.text) == AlertRouting.parse(routing.text))
        do {
            _ = try AlertRouting.parse("route Bad! *\nescalate x 2 a 5m\nescalate y 1 a 10\nfrobnicate\n", file: "f")
            Issue.record("accepted a bad file")
        } catch {
            #expect(error.fieldErrors.map(\.field) == ["f:1", "f:3", "f:4", "f:2"])
        }
    }
}

@Suite("Timestamp text")
struct TimestampFormatTests {
    @Test("the fast formatter writes exactly what the printf form wrote, across eras and milliseconds")
    func matchesPrintf() {
        var generator = SystemRandomNumberGenerator()
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.001), Date(timeIntervalSince1970: 1_795_000_000.999),
                     Date(timeIntervalSince1970: 253_402_300_799.999), Date(timeIntervalSince1970: -62_135_596_800)]
        for _ in 0..<2_000 { dates.append(Date(timeIntervalSince1970: Double(Int64.random(in: -62_000_000_000...253_000_000_000, using: &generator)) / 1000 * 1000 + Double.random(in: 0..<1))) }
        for date in dates {
            let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
            let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
            var t = time_t(seconds)
            var parts = tm()
            gmtime_r(&t, &parts)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                                  Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(ms - seconds * 1000))
            #expect(Timestamp.format(date) == expected, "\(date.timeIntervalSince1970)")
        }
    }
}
