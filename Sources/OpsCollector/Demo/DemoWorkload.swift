import Foundation

/// Realistic PenguinMails series for the demo, as a pure function of time: outbound queue
/// depth per queue, sends/min, bounce %, complaint %, deliverability %, SMTP latency, IP
/// reputation, blacklist listings, DNS record checks, warm-up progress and Stripe webhook
/// age. A fifteen-minute script repeats with three episodes. Each one holds its critical
/// condition well past the shipped rule's `for` (and its build-up past the warning's), so
/// every episode fires, pages and resolves within the script:
///
/// | cycle time | episode | critical rule: above, firing |
/// |---|---|---|
/// | 0:20 – 6:20 | queue backlog: `outbound-main` climbs to ~14,500, holds, drains | > 10,000 for ~3:15; fires ~2:00 in |
/// | 6:40 – 8:40 | blacklist hit: 203.0.113.12 listed on `spamhaus-sbl` | listed 2:00; fires at once |
/// | 9:00 – 15:00 | bounce spike: the `main` pool bounces 6–7 % | > 5 % for ~5:00; fires ~2:00 in |
///
/// Noise is a hash of (series, second), so the same instant always gives the same values.
public struct DemoWorkload: Sendable {
    public static let cycle: TimeInterval = 900
    public enum Episode: String, Sendable, CaseIterable {
        case backlog, blacklist, bounceSpike = "bounce-spike"

        /// Where the episode sits in the script (cycle seconds).
        public var window: Range<TimeInterval> {
            switch self {
            case .backlog: 20..<380
            case .blacklist: 400..<520
            case .bounceSpike: 540..<900
            }
        }

        /// The shipped rule whose alert the episode is there to show.
        public var criticalRule: String {
            switch self {
            case .backlog: "queue_depth_critical"
            case .blacklist: "blacklist_listing"
            case .bounceSpike: "bounce_rate_critical"
            }
        }
    }

    /// When the script started; cycle time is `(now - start) × speed`.
    public let start: Date
    /// Fast-forward factor (tests and impatient demos).
    public let speed: Double

    public init(start: Date, speed: Double = 1) {
        self.start = start
        self.speed = max(0.01, speed)
    }

    public static let queues = ["outbound-main", "outbound-warmup", "transactional"]
    public static let pools = ["main", "warmup"]
    public static let smtpServers = ["smtp-1", "smtp-2", "smtp-3"]
    public static let ips = ["203.0.113.10", "203.0.113.11", "203.0.113.12", "203.0.113.13"]
    public static let blocklists = ["spamhaus-sbl", "barracuda", "spamcop"]
    public static let dnsRecords = ["spf", "dkim", "dmarc"]
    /// Endpoints whose `probe_up` the demo reports (up: the episodes are about mail).
    public static let probeTargets = ["mx.penguinmails.example.com:25", "api.penguinmails.example.com/health",
                                      "app.penguinmails.example.com"]

    /// The `kind` label a real probe of `target` carries (`ProbeResult`): tcp for a
    /// host:port, http for the rest, so the dashboard's SMTP and API checks find them.
    public static func probeKind(_ target: String) -> String { target.hasSuffix(":25") ? "tcp" : "http" }

    /// Tenants the workload reports per-tenant mail series for (`tenant` label), with their
    /// base sends/min, bounce % and complaint %. `pmops demo` seeds these customers. Two
    /// drift on purpose so health scores move: `bluefin-travel` sends half as much from a
    /// day before the script starts, and `harbor-labs` is the tenant behind the bounce spike.
    public static let tenants: [(id: String, sends: Double, bounce: Double, complaints: Double)] = [
        ("acme-outfitters", 30, 0.8, 0.02), ("northwind-analytics", 11, 1.0, 0.03), ("bluefin-travel", 24, 4.0, 0.04),
        ("cedar-health", 6, 0.9, 0.02), ("polar-books", 3, 1.1, 0.03), ("granite-coffee", 9, 2.9, 0.5),
        ("harbor-labs", 18, 4.5, 0.45), ("juniper-studio", 2, 0.7, 0.01),
    ]

    /// The per-tenant series at `now` (see `tenants`).
    func tenantSamples(at now: Date, cycle t: TimeInterval, second: Int) -> [MetricSample] {
        var out: [MetricSample] = []
        let elapsed = now.timeIntervalSince(start)
        for tenant in Self.tenants {
            let labels = ["tenant": tenant.id]
            var sends = tenant.sends * (1 + 0.1 * noise("tsends" + tenant.id, second))
            if tenant.id == "bluefin-travel" { sends *= 1 - 0.5 * min(1, max(0, (elapsed + 86_400) / 43_200)) }
            var bounce = tenant.bounce + 0.3 * noise("tbounce" + tenant.id, second)
            if tenant.id == "harbor-labs", Episode.bounceSpike.window.contains(t) { bounce += 6 }
            let complaints = max(0, tenant.complaints + 0.02 * noise("tcompl" + tenant.id, second))
            out.append(MetricSample(name: "pm_tenant_sends_per_minute", labels: labels, value: round2(max(0, sends)), timestamp: now))
            out.append(MetricSample(name: "pm_tenant_bounce_percent", labels: labels, value: round2(max(0, bounce)), timestamp: now))
            out.append(MetricSample(name: "pm_tenant_complaint_percent", labels: labels, value: (complaints * 1000).rounded() / 1000, timestamp: now))
        }
        return out
    }

    /// Seconds into the current fifteen-minute script.
    public func cycleTime(at now: Date) -> TimeInterval {
        let t = max(0, now.timeIntervalSince(start)) * speed
        return t.truncatingRemainder(dividingBy: Self.cycle)
    }

    /// The episode running at `now`, if any.
    public func episode(at now: Date) -> Episode? {
        let t = cycleTime(at: now)
        return Episode.allCases.first { $0.window.contains(t) }
    }

    /// The backlog's extra depth `x` seconds into its episode: up past the warning level in
    /// 30 s, past the critical one within the next minute, held for 2:30, drained in 2:00.
    static func backlogExtra(_ x: TimeInterval) -> Double {
        piecewise(x, [(0, 0), (30, 3_000), (90, 14_500), (240, 14_500), (300, 2_500), (360, 0)])
    }

    /// The `main` pool's bounce % `x` seconds into the spike (the base rate outside it).
    static func bounceSpike(_ x: TimeInterval) -> Double {
        piecewise(x, [(0, 1.2), (20, 3.6), (60, 6.4), (330, 6.4), (350, 2.0), (360, 1.2)])
    }

    /// Linear interpolation between knots (x ascending); flat outside them.
    static func piecewise(_ x: Double, _ knots: [(Double, Double)]) -> Double {
        guard let first = knots.first, let last = knots.last else { return 0 }
        if x <= first.0 { return first.1 }
        for (a, b) in zip(knots, knots.dropFirst()) where x <= b.0 {
            return a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0)
        }
        return last.1
    }

    /// Every demo series at `now`.
    public func samples(at now: Date) -> [MetricSample] {
        let t = cycleTime(at: now)
        let second = Int(now.timeIntervalSince1970)
        var out: [MetricSample] = []
        func add(_ name: String, _ labels: [String: String], _ value: Double) {
            out.append(MetricSample(name: name, labels: labels, value: value, timestamp: now))
        }
        for queue in Self.queues {
            var depth = 120 + 80 * noise(queue, second)
            if queue == "outbound-main", Episode.backlog.window.contains(t) {
                depth += Self.backlogExtra(t - Episode.backlog.window.lowerBound)
            }
            if queue == "transactional" { depth /= 4 }
            add("pm_queue_depth", ["queue": queue], depth.rounded())
        }
        for pool in Self.pools {
            let warm = pool == "warmup"
            let sends = (warm ? 180 : 2_400) * (1 + 0.08 * noise("sends" + pool, second))
            add("pm_sends_per_minute", ["pool": pool], sends.rounded())
            var bounce = (warm ? 1.8 : 1.2) + 0.4 * noise("bounce" + pool, second)
            if !warm, Episode.bounceSpike.window.contains(t) {
                bounce = Self.bounceSpike(t - Episode.bounceSpike.window.lowerBound) + 0.3 * noise("spike", second)
            }
            add("pm_bounce_percent", ["pool": pool], round2(bounce))
            let complaints = (warm ? 0.05 : 0.03) + 0.02 * noise("complaint" + pool, second)
            add("pm_complaint_percent", ["pool": pool], round2(max(0, complaints) * 100) / 100)
            add("pm_deliverability_percent", ["pool": pool], round2(99.2 - bounce * 0.6 + 0.2 * noise("deliv" + pool, second)))
        }
        for server in Self.smtpServers {
            let latency = 0.18 + 0.05 * noise(server, second) + (Episode.backlog.window.contains(t) && server == "smtp-1" ? 0.6 : 0)
            add("pm_smtp_latency_seconds", ["server": server], round2(latency * 1000) / 1000)
        }
        for ip in Self.ips {
            let listed = ip == "203.0.113.12" && Episode.blacklist.window.contains(t)
            add("pm_ip_reputation_score", ["ip": ip], round2(listed ? 41 : 92 + 3 * noise(ip, second)))
            for list in Self.blocklists {
                add("pm_blacklist_listings", ["ip": ip, "list": list], listed && list == "spamhaus-sbl" ? 1 : 0)
            }
        }
        for record in Self.dnsRecords {
            add("pm_dns_check_ok", ["record": record, "domain": "penguinmails.example.com"], 1)
        }
        for target in Self.probeTargets {
            add("probe_up", ["target": target, "kind": Self.probeKind(target)], 1)
        }
        // A quarter point an hour: 35 % at the start, from 0 % a week before it (the backfill).
        add("pm_warmup_progress_percent", ["pool": "warmup"], round2(min(100, max(0, 35 + now.timeIntervalSince(start) / 14_400))))
        // Stripe posts every ~3 minutes: the age saws between 0 and 180 s.
        add("pm_stripe_webhook_age_seconds", [:], Double(Int(t) % 180))
        return out + tenantSamples(at: now, cycle: t, second: second)
    }

    /// Deterministic noise in [-1, 1] for a series at a given second (FNV-1a).
    func noise(_ key: String, _ second: Int) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var s = UInt64(bitPattern: Int64(second / 5))
        for _ in 0..<8 {
            hash = (hash ^ (s & 0xff)) &* 0x100_0000_01b3
            s >>= 8
        }
        return Double(hash % 20_001) / 10_000 - 1
    }

    private func round2(_ v: Double) -> Double { (v * 100).rounded() / 100 }
}

/// The demo workload as a collector source (default interval 1 s).
public struct DemoWorkloadSource: MetricSource {
    public let name = "demo"
    public let interval: TimeInterval
    public let workload: DemoWorkload

    public init(workload: DemoWorkload, interval: TimeInterval = 1) {
        self.workload = workload
        self.interval = interval
    }

    public func collect(now: Date) throws -> [MetricSample] { workload.samples(at: now) }
}
