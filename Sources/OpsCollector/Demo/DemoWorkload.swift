import Foundation

/// Realistic PenguinMails series for the demo, as a pure function of time: outbound queue
/// depth per queue, sends/min, bounce %, complaint %, deliverability %, SMTP latency, IP
/// reputation, blacklist listings, DNS record checks, warm-up progress and Stripe webhook
/// age. A ten-minute script repeats with three episodes, so the demo shows alerts firing
/// and clearing within minutes:
///
/// | cycle time | episode |
/// |---|---|
/// | 0:30 – 3:30 | queue backlog: `outbound-main` climbs past 10,000 and drains |
/// | 4:30 – 6:30 | blacklist hit: 203.0.113.12 listed on `spamhaus-sbl` |
/// | 7:30 – 9:00 | bounce spike: the `main` pool bounces 6–7 % |
///
/// Noise is a hash of (series, second), so the same instant always gives the same values.
public struct DemoWorkload: Sendable {
    public static let cycle: TimeInterval = 600
    public enum Episode: String, Sendable, CaseIterable { case backlog, blacklist, bounceSpike = "bounce-spike" }

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

    /// Seconds into the current ten-minute script.
    public func cycleTime(at now: Date) -> TimeInterval {
        let t = max(0, now.timeIntervalSince(start)) * speed
        return t.truncatingRemainder(dividingBy: Self.cycle)
    }

    /// The episode running at `now`, if any.
    public func episode(at now: Date) -> Episode? {
        let t = cycleTime(at: now)
        if (30..<210).contains(t) { return .backlog }
        if (270..<390).contains(t) { return .blacklist }
        if (450..<540).contains(t) { return .bounceSpike }
        return nil
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
            if queue == "outbound-main", (30..<210).contains(t) {
                // Ramp up for two minutes, then drain in one.
                let x = t - 30
                depth += x < 120 ? x / 120 * 14_500 : max(0, 14_500 * (1 - (x - 120) / 60))
            }
            if queue == "transactional" { depth /= 4 }
            add("pm_queue_depth", ["queue": queue], depth.rounded())
        }
        for pool in Self.pools {
            let warm = pool == "warmup"
            let sends = (warm ? 180 : 2_400) * (1 + 0.08 * noise("sends" + pool, second))
            add("pm_sends_per_minute", ["pool": pool], sends.rounded())
            var bounce = (warm ? 1.8 : 1.2) + 0.4 * noise("bounce" + pool, second)
            if !warm, (450..<540).contains(t) { bounce = 6.2 + 0.6 * noise("spike", second) }
            add("pm_bounce_percent", ["pool": pool], round2(bounce))
            let complaints = (warm ? 0.05 : 0.03) + 0.02 * noise("complaint" + pool, second)
            add("pm_complaint_percent", ["pool": pool], round2(max(0, complaints) * 100) / 100)
            add("pm_deliverability_percent", ["pool": pool], round2(99.2 - bounce * 0.6 + 0.2 * noise("deliv" + pool, second)))
        }
        for server in Self.smtpServers {
            let latency = 0.18 + 0.05 * noise(server, second) + ((30..<210).contains(t) && server == "smtp-1" ? 0.6 : 0)
            add("pm_smtp_latency_seconds", ["server": server], round2(latency * 1000) / 1000)
        }
        for ip in Self.ips {
            let listed = ip == "203.0.113.12" && (270..<390).contains(t)
            add("pm_ip_reputation_score", ["ip": ip], round2(listed ? 41 : 92 + 3 * noise(ip, second)))
            for list in Self.blocklists {
                add("pm_blacklist_listings", ["ip": ip, "list": list], listed && list == "spamhaus-sbl" ? 1 : 0)
            }
        }
        for record in Self.dnsRecords {
            add("pm_dns_check_ok", ["record": record, "domain": "penguinmails.example.com"], 1)
        }
        add("pm_warmup_progress_percent", ["pool": "warmup"], round2(min(100, 35 + now.timeIntervalSince(start) / 3600)))
        // Stripe posts every ~3 minutes: the age saws between 0 and 180 s.
        add("pm_stripe_webhook_age_seconds", [:], Double(Int(t) % 180))
        return out
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
