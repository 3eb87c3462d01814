import ArgumentParser
import Foundation
import OpsCore
import OpsStore

extension BenchCommand {
    /// `pmops bench billing-ingest`: Stripe webhook events verified and stored, as
    /// `pmops billing ingest` does each, without the process start.
    struct BillingIngest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "billing-ingest",
            abstract: "Stripe events: signature verified, parsed, stored with audit row, in events per second (target ≥ 5,000).",
            discussion: """
            Each run: a fresh WAL file store with 50 customers linked to Stripe customers, and --events distinct events
            (invoice.paid 40 %, charge.succeeded 40 %, invoice.payment_failed 10 % with its dunning reminder mailed,
            customer.subscription.updated 10 %), each signed like Stripe (HMAC-SHA256, `t=…,v1=…`) before the clock starts.
            Timed: half the events one by one through ingestBillingEvent, half in batches of --batch through
            ingestBillingEvents, side by side (signature check with the 300 s tolerance, JSON parse, one transaction with
            the raw event, the object upsert, the audit row and what follows it).
            """)
        @OptionGroup var report: BenchReportOptions
        @Option(help: "Events per run.") var events = 10_000
        @Option(help: "Runs.") var runs = 3
        @Option(help: "Events per transaction in the batched half.") var batch = 100

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(events, field: "events", in: 10...1_000_000)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
                try InputLimits.count(batch, field: "batch", in: 1...10_000)
            }
        }

        static func body(_ i: Int, created: Int64) -> [UInt8] {
            let customer = "cus_bench\(i % 50)"
            let object: String
            let type: String
            switch i % 10 {
            case 0, 1, 2, 3:
                type = "invoice.paid"
                object = #"{"id":"in_b\#(i)","object":"invoice","customer":"\#(customer)","status":"paid","currency":"usd","amount_due":9900,"amount_paid":9900,"amount_remaining":0,"attempt_count":1,"next_payment_attempt":null,"period_start":\#(created),"period_end":\#(created + 2_592_000),"billing_reason":"subscription_cycle","created":\#(created),"parent":{"subscription_details":{"subscription":"sub_b\#(i % 50)"}},"lines":{"object":"list","data":[{"id":"il_b\#(i)","amount":9900,"currency":"usd","description":"1 × Growth","proration":false,"period":{"start":\#(created),"end":\#(created + 2_592_000)}}]}}"#
            case 4, 5, 6, 7:
                type = "charge.succeeded"
                object = #"{"id":"ch_b\#(i)","object":"charge","customer":"\#(customer)","invoice":"in_b\#(i - 4)","status":"succeeded","currency":"usd","amount":9900,"amount_refunded":0,"created":\#(created)}"#
            case 8:
                type = "invoice.payment_failed"
                object = #"{"id":"in_b\#(i)","object":"invoice","customer":"\#(customer)","status":"open","currency":"jpy","amount_due":15000,"amount_paid":0,"amount_remaining":15000,"attempt_count":1,"next_payment_attempt":\#(created + 259_200),"created":\#(created),"lines":{"object":"list","data":[]}}"#
            default:
                type = "customer.subscription.updated"
                object = #"{"id":"sub_b\#(i % 50)","object":"subscription","customer":"\#(customer)","status":"active","cancel_at_period_end":false,"items":{"object":"list","data":[{"quantity":1,"current_period_start":\#(created),"current_period_end":\#(created + 2_592_000),"price":{"id":"price_growth","nickname":"growth","unit_amount":9900,"currency":"usd","recurring":{"interval":"month"}}}]}}"#
            }
            return Array(#"{"id":"evt_b\#(i)","object":"event","type":"\#(type)","created":\#(created),"livemode":false,"api_version":"2025-03-31.basil","data":{"object":\#(object)}}"#.utf8)
        }

        func run() throws {
            let machine = BenchMachine.current()
            var rates = BenchSamples()
            var batchRates = BenchSamples()
            let login = OSIdentity.currentLogin()
            let actor = ActorContext(osLogin: login)
            let secret = "whsec_bench_billing"
            for run in 0..<runs {
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pmops-billing-bench-\(getpid())-\(run)").path
                try? FileManager.default.removeItem(atPath: dir)
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: dir) }
                let db = try AppDatabase(path: dir + "/s.db")
                _ = try db.initialize(login: login, displayName: "Bench", email: "\(login)@bench.example.com")
                _ = try db.importCustomers((0..<50).map {
                    Customer(id: "bench-\($0)", name: "Bench \($0)", plan: .growth, status: .active, successManager: nil,
                             contacts: [CustomerContact(name: "Billing", email: "billing\($0)@bench.example")], created: Date())
                }, as: actor)
                for n in 0..<50 { _ = try db.linkBillingCustomer("cus_bench\(n)", to: "bench-\(n)", as: actor) }
                let now = Int64(Date().timeIntervalSince1970)
                let signed = (0..<events).map { i in
                    let body = Self.body(i, created: now - Int64(events - i))
                    return (body, StripeSigner.header(for: body, secret: secret, at: now))
                }
                // The first half one transaction per event (`billing ingest`), the second in
                // batches of --batch (`ingestBillingEvents`, as a spool pass can), side by side.
                let half = events / 2
                var outcomes: [String: Int] = [:]
                var start = BenchClock.nanos()
                for (body, header) in signed[..<half] {
                    outcomes[try db.ingestBillingEvent(body, signature: header, secret: secret, as: actor).outcome, default: 0] += 1
                }
                let single = Double(BenchClock.nanos() - start) / 1e9
                start = BenchClock.nanos()
                var index = half
                while index < events {
                    let chunk = signed[index..<min(events, index + batch)].map { (body: $0.0, signature: $0.1) }
                    for result in try db.ingestBillingEvents(chunk, secret: secret, as: actor) {
                        outcomes[(try? result.get().outcome) ?? "refused", default: 0] += 1
                    }
                    index += batch
                }
                let batched = Double(BenchClock.nanos() - start) / 1e9
                guard outcomes["applied"] == events else { throw ValidationError("unexpected outcomes \(outcomes)") }
                rates.append(Double(half) / single)
                batchRates.append(Double(events - half) / batched)
                report.progress("run \(run + 1): \(half) events one by one in \(String(format: "%.2f", single)) s, \(events - half) in batches of \(batch) in \(String(format: "%.2f", batched)) s")
            }
            try BenchReport(suite: "billing-ingest", date: BenchReport.now(), label: report.label, machine: machine,
                            fixture: ["events": "\(events) signed Stripe events per run (40 % invoice.paid, 40 % charge.succeeded, 10 % invoice.payment_failed, 10 % subscription updates); WAL file store, 50 linked customers"],
                            figures: [
                                BenchFigure(id: "billing.ingest", label: "billing ingest, one transaction per event: verify + parse + store + audit", unit: "events/s",
                                            perRun: rates, target: BenchTarget(stat: .median, comparison: .atLeast, value: 5_000)),
                                BenchFigure(id: "billing.ingest.batch", label: "billing ingest, \(batch) events per transaction", unit: "events/s",
                                            perRun: batchRates, target: BenchTarget(stat: .median, comparison: .atLeast, value: 5_000)),
                            ]).print(json: report.json, saveTo: report.save)
        }
    }
}
