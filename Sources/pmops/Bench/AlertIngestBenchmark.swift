import ArgumentParser
import Foundation
import OpsCollector
import OpsCore
import OpsStore

extension BenchCommand {
    /// `pmops bench alert-ingest`: Alertmanager webhook payloads parsed, validated and
    /// applied to a WAL file store (one transaction per payload), as `pmops alerts ingest`
    /// does, without the process start.
    struct AlertIngest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alert-ingest",
            abstract: "Webhook ingest: version-4 payloads parsed and applied, in alerts per second (target ≥ 10,000).",
            discussion: """
            Each run: a fresh store with a routing file (3 teams, 2 levels), then --payloads
            payloads of --batch alerts each: half new firing alerts, a quarter repeats of the
            previous payload's alerts (Alertmanager's repeat notifications), a quarter resolutions
            (the first payload holds only new alerts).
            Timed: parse + validate + ingestAlerts (one transaction per payload). Also timed:
            parsing one payload at the 10,000-alert cap, once per run.
            """)
        @OptionGroup var report: BenchReportOptions
        @Option(help: "Alerts per payload.") var batch = 1_000
        @Option(help: "Payloads per run.") var payloads = 20
        @Option(help: "Runs.") var runs = 5

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(batch, field: "batch", in: 4...100_000)
                try InputLimits.count(payloads, field: "payloads", in: 1...100_000)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
            }
        }

        /// The incident hook's A/B: the same payloads on three fresh stores per run, in turn.
        enum Variant: String, CaseIterable {
            /// `IncidentAutoEntries` switched off (bench only): ingest as it was before the hook.
            case hookOff = "hook off"
            /// The product as shipped with no incident following the alerts: one EXISTS per payload.
            case hookIdle = "hook on, no incident follows"
            /// An open incident linked to every alert of payload 0: the hook writes an entry and
            /// an audit row for each of their events, and looks up each new alert's previous occurrence.
            case hookFollowing = "hook on, an incident follows"
        }

        func run() throws {
            let machine = BenchMachine.current()
            var rates: [Variant: BenchSamples] = [:]
            var parseRates = BenchSamples()
            var entries: [Variant: Int] = [:]
            let login = OSIdentity.currentLogin()
            let actor = ActorContext(osLogin: login)
            let bodies = (0...payloads).map { Self.payload(index: $0, batch: batch) }
            defer { IncidentAutoEntries.setAlertHookForBenchmark(true) }
            for run in 0..<runs {
                // Rotate the order so no variant always runs first (cold caches) or last.
                let order = Variant.allCases.indices.map { Variant.allCases[($0 + run) % Variant.allCases.count] }
                for variant in order {
                    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pmops-ingest-bench-\(getpid())-\(run)")
                    try? FileManager.default.removeItem(at: dir)
                    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                    defer { try? FileManager.default.removeItem(at: dir) }
                    let db = try AppDatabase(path: dir.appendingPathComponent("s.db").path)
                    defer { db.close() }
                    _ = try db.initialize(login: login, displayName: "Bench", email: "\(login)@bench.example.com")
                    try db.loadAlertRouting("""
                        route mta service="mta"
                        route db service="db"
                        route infra *
                        escalate mta 1 \(login) 10m
                        escalate db 1 \(login) 10m
                        escalate infra 1 \(login) 10m
                        """, file: "bench", as: actor)
                    // Payload 0 (untimed) opens the alerts the first timed payload repeats and resolves.
                    _ = try db.ingestAlerts(try AlertmanagerWebhook.parse(bodies[0]).signals, actor: actor, at: Date())
                    var followed: IncidentNumber?
                    if variant != .hookIdle {
                        let ids = try db.alerts(status: .firing, limit: min(batch / 2, IncidentValidation.maxAlerts)).map(\.id)
                        followed = try db.declareIncident(NewIncident(title: "Bench: alerts followed", category: .outage, severity: .sev2,
                                                               roles: [.commander: login], alerts: ids), as: actor).number
                    }
                    IncidentAutoEntries.setAlertHookForBenchmark(variant != .hookOff)
                    var parseSeconds = 0.0
                    var alerts = 0
                    let start = BenchClock.nanos()
                    for body in bodies.dropFirst() {
                        let p0 = BenchClock.nanos()
                        let webhook = try AlertmanagerWebhook.parse(body)
                        parseSeconds += Double(BenchClock.nanos() - p0) / 1e9
                        _ = try db.ingestAlerts(webhook.signals, actor: actor, at: Date())
                        alerts += webhook.alerts.count
                    }
                    let seconds = Double(BenchClock.nanos() - start) / 1e9
                    IncidentAutoEntries.setAlertHookForBenchmark(true)
                    rates[variant, default: BenchSamples()].append(Double(alerts) / seconds)
                    if variant == .hookIdle { parseRates.append(Double(alerts) / parseSeconds) }
                    if let followed { entries[variant] = try db.incidentOverview(followed, as: actor).entries }
                    report.progress("run \(run + 1), \(variant.rawValue): \(alerts) alerts in \(String(format: "%.2f", seconds)) s")
                }
            }
            let capPayload = Self.payload(index: 0, batch: 20_000)
            var capSeconds = BenchSamples()
            for _ in 0..<runs {
                let (seconds, webhook) = try BenchClock.time { try AlertmanagerWebhook.parse(capPayload) }
                guard webhook.signals.count == 10_000 else { throw ValidationError("the cap payload parsed to \(webhook.signals.count) alerts") }
                capSeconds.append(seconds)
            }
            func rate(_ variant: Variant, id: String, target: BenchTarget? = nil) -> BenchFigure {
                BenchFigure(id: id, label: "webhook ingest, \(variant.rawValue): parse + validate + apply", unit: "alerts/s",
                            perRun: rates[variant] ?? BenchSamples(), target: target,
                            note: entries[variant].map { "the following incident's timeline holds \($0) entries at the end" })
            }
            try BenchReport(suite: "alert-ingest", date: BenchReport.now(), label: report.label, machine: machine,
                            fixture: ["payloads": "\(payloads) × \(batch) alerts (½ new, ¼ repeats, ¼ resolutions) after one untimed payload, WAL file store, routing loaded; three stores per run (hook off / on / on with an incident following payload 0's alerts), in rotating order"],
                            figures: [
                                rate(.hookIdle, id: "alerts.ingest", target: BenchTarget(stat: .median, comparison: .atLeast, value: 10_000)),
                                rate(.hookOff, id: "alerts.ingest.hook_off"),
                                rate(.hookFollowing, id: "alerts.ingest.hook_following"),
                                BenchFigure(id: "alerts.ingest.parse", label: "of which parse + validate alone", unit: "alerts/s", perRun: parseRates),
                                BenchFigure(id: "alerts.parse.cap", label: "one payload at the 10,000-alert cap: parse + map", unit: "s",
                                            perRun: capSeconds),
                            ]).print(json: report.json, saveTo: report.save)
        }

        /// Payload `index`: alerts `index*batch/2 ..< +batch/2` fire for the first time, the
        /// previous payload's first quarter repeats, its second quarter resolves.
        static func payload(index: Int, batch: Int) -> Data {
            let half = batch / 2, quarter = batch / 4
            let services = ["mta", "db", "api", "dns"]
            var items: [String] = []
            func alert(_ n: Int, firing: Bool) -> String {
                let service = services[n % services.count]
                let severity = n % 10 == 0 ? "critical" : n % 3 == 0 ? "info" : "warning"
                return """
                {"status":"\(firing ? "firing" : "resolved")","labels":{"alertname":"Bench\(n % 40)","service":"\(service)","instance":"host\(n % 500):9100","severity":"\(severity)","team":""},\
                "annotations":{"summary":"bench alert \(n) on host\(n % 500)","runbook_url":"https://runbooks.example/\(n % 40)"},\
                "startsAt":"2026-11-27T10:00:00Z","endsAt":"\(firing ? "0001-01-01T00:00:00Z" : "2026-11-27T11:00:00Z")",\
                "generatorURL":"http://127.0.0.1:9090/graph","fingerprint":"\(String(UInt64(n) &* 0x9E37_79B9_7F4A_7C15, radix: 16))"}
                """
            }
            for n in (index * half)..<(index * half + half) { items.append(alert(n, firing: true)) }
            if index > 0 {
                let previous = (index - 1) * half
                for n in previous..<(previous + quarter) { items.append(alert(n, firing: true)) }
                for n in (previous + quarter)..<(previous + 2 * quarter) { items.append(alert(n, firing: false)) }
            }
            return Data("""
                {"version":"4","groupKey":"bench","truncatedAlerts":0,"status":"firing","receiver":"ops-console","groupLabels":{},\
                "commonLabels":{},"commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","alerts":[\(items.joined(separator: ","))]}
                """.utf8)
        }
    }
}
