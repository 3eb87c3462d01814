import Foundation
import OpsCore

/// Which series a rule looks at: a metric name plus label matchers, written as in PromQL
/// (`pm_bounce_percent{pool=~"warm.*"}`) so people can copy selectors between tools.
public struct MetricSelector: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let matchers: [LabelMatcher]

    public init(name: String, matchers: [LabelMatcher] = []) {
        self.name = name
        self.matchers = matchers
    }

    public func matches(name: String, labels: [String: String]) -> Bool {
        name == self.name && matchers.allSatisfy { $0.matches(labels) }
    }

    /// The series a scrape stores for this counter: the scraper keeps counters as per-second
    /// rates (`x_total` → `x_per_second`, `x` → `x_per_second`; ScrapeTransform), so
    /// `rate(x_total[1m])` reads those when no raw counter is stored.
    public var ratedName: String {
        (name.hasSuffix("_total") ? String(name.dropLast("_total".count)) : name) + "_per_second"
    }

    /// Whether `sample` is this counter's stored per-second rate (`ratedName`, same matchers).
    public func matchesRated(_ sample: RuleSample) -> Bool {
        sample.name == ratedName && matchers.allSatisfy { $0.matches(sample.labels) }
    }

    public func matches(_ sample: RuleSample) -> Bool {
        matches(name: sample.name, labels: sample.labels)
    }

    /// Labels the selector pins to one value: all an absence alert can know about the series
    /// it is missing, so they become that alert's labels (as PromQL's `absent()` does).
    public var fixedLabels: [String: String] {
        var fixed: [String: String] = [:]
        for matcher in matchers where matcher.op == .equal && !matcher.value.isEmpty {
            fixed[matcher.name] = matcher.value
        }
        return fixed
    }

    public var description: String {
        matchers.isEmpty ? name : name + "{" + matchers.map(\.description).joined(separator: ",") + "}"
    }
}
