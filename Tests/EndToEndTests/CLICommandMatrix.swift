import Foundation
import _OpsTestSupport

/// Every leaf subcommand of `pmops`, with arguments that make it valid and what it needs.
/// `CLICommandMatrixTests` checks this table against the binary's own command tree, so a
/// new subcommand without a row fails the suite until someone decides who may run it.
enum CLICommandMatrix {
    enum Access: Sendable {
        /// Does not open a store (no `--as`): reference output, file checks, benchmarks.
        case noStore
        /// Opens the store; the acting account must hold all of these permissions.
        case needs(Set<String>)
        /// Only a super_admin (demo seeding adds accounts of every role).
        case superAdmin
    }

    struct Entry: Sendable {
        let path: String
        /// Arguments after the command words; `{dir}` is the test's directory, `{repo}` the checkout.
        let args: [String]
        let access: Access
        /// What an allowed run exits with (the consoles need a terminal and stop at exit 1).
        var allowedStatus: Int32 = 0
        /// Skipped by the role sweep (long-running benchmarks); still in the --as checks.
        var sweep = true

        var words: [String] { path.split(separator: " ").map(String.init) }
    }

    static func e(_ path: String, _ args: [String] = [], _ access: Access, status: Int32 = 0, sweep: Bool = true) -> Entry {
        Entry(path: path, args: args, access: access, allowedStatus: status, sweep: sweep)
    }

    static func needs(_ permissions: String...) -> Access { .needs(Set(permissions)) }

    /// In the order the sweep runs them: each mutating command has an object of its own.
    static let entries: [Entry] = [
        e("console", [], needs("users.read"), status: 1),
        e("init", [], .superAdmin, status: 5),
        e("users list", [], needs("users.read")),
        e("users show", ["target"], needs("users.read")),
        e("users add", ["newbie", "--name", "New", "--email", "newbie@example.com", "--role", "readonly"], needs("users.manage", "roles.assign")),
        e("users set-roles", ["target", "--role", "readonly", "--role", "ops"], needs("roles.assign")),
        e("users update", ["target", "--team", "sre"], needs("users.manage")),
        e("users deactivate", ["leaver", "--reason", "left the company"], needs("users.manage")),
        e("users reactivate", ["returner"], needs("users.manage")),
        e("users purge-archived", [], needs("users.manage")),
        e("users import", ["{dir}/hr.csv", "--map", "{dir}/hr.map"], needs("users.read")),
        e("users pending", [], needs("users.read")),
        e("users onboard", ["1", "--email", "pend@example.com"], needs("users.manage", "roles.assign")),
        e("roles list", [], .noStore),
        e("roles show", ["ops"], .noStore),
        e("audit list", [], needs("audit.read")),
        e("audit verify", [], needs("audit.read")),
        e("audit export", ["--format", "csv"], needs("audit.export")),
        e("outbox list", [], needs("outbox.read")),
        e("outbox deliver", ["--mail", "maildir:{dir}/mail"], needs("outbox.deliver")),
        e("settings list", [], needs("users.read")),
        e("settings set", ["retention.archive_days", "30"], needs("settings.manage")),
        e("db migrate", [], needs("db.admin")),
        e("db check", [], needs("db.admin")),
        e("db info", [], needs("users.read")),
        e("db backup", ["{dir}/matrix-backup.sqlite", "--force"], needs("db.admin")),
        // Restores the copy the row above just made, so the sweep's store does not go back.
        e("db restore", ["{dir}/matrix-backup.sqlite"], .superAdmin),
        e("demo console", [], needs("users.read"), status: 1),
        e("demo seed", [], .superAdmin),
        e("collect", ["--once", "--config", "{dir}/collector.conf"], needs("collector.run")),
        e("metrics list", [], needs("metrics.read")),
        e("metrics query", ["pm_queue_depth", "--since", "1h"], needs("metrics.read")),
        e("rules list", ["--file", "{repo}/Rules/penguinmails.rules"], needs("alerts.read")),
        e("rules check", ["{repo}/Rules/penguinmails.rules"], .noStore),
        e("alerts list", [], needs("alerts.read")),
        e("alerts show", ["8"], needs("alerts.read")),
        e("alerts ack", ["1"], needs("alerts.ack")),
        e("alerts resolve", ["2"], needs("alerts.manage")),
        e("alerts close", ["3", "--false-positive", "--reason", "test"], needs("alerts.manage")),
        e("alerts escalate", ["4"], needs("alerts.manage")),
        e("alerts assign", ["5", "--to", PmopsCLI.osLogin], needs("alerts.manage")),
        e("alerts snooze", ["6", "--until", "2h"], needs("alerts.ack")),
        e("alerts note", ["7", "looked at it"], needs("alerts.ack")),
        e("alerts ingest", ["{dir}/more.json"], needs("alerts.manage")),
        e("alerts stats", ["--since", "7d"], needs("alerts.read")),
        e("customers list", [], needs("tickets.read")),
        e("customers show", ["acme"], needs("tickets.read")),
        e("customers import", ["{dir}/customers.json"], needs("customers.manage")),
        e("customers health", ["acme"], needs("tickets.read")),
        e("customers at-risk", ["--mine"], needs("tickets.read")),
        e("customers sweep", [], needs("customers.manage")),
        e("customers onboarding", ["acme", "--done", "dns-verified"], needs("customers.manage")),
        e("customers outreach", ["acme", "--note", "Matrix call"], needs("customers.manage")),
        e("customers plan", ["acme", "--note", "Matrix plan"], needs("customers.manage")),
        e("integrations list", [], needs("changes.read")),
        e("integrations show", ["matrix-int"], needs("changes.read")),
        e("integrations add", ["matrix-new", "--name", "Matrix", "--kind", "crm", "--owner", "success", "--api-version", "v1"],
          needs("integrations.manage")),
        e("integrations set", ["matrix-int", "--api-version", "v2"], needs("integrations.manage")),
        e("integrations deprecate", ["matrix-int", "--api", "v1", "--sunset", sunset, "--item", "migrate"], needs("integrations.manage")),
        e("integrations deprecations", [], needs("changes.read")),
        e("integrations advance", ["matrix-int"], needs("integrations.manage")),
        e("integrations review", ["matrix-review", "--approve", "--check", "keys rotated"], needs("integrations.review")),
        e("tickets list", [], needs("tickets.read")),
        e("tickets show", ["ESC-1001"], needs("tickets.read")),
        e("tickets open", ["--customer", "acme", "--category", "other", "--priority", "P4", "--title", "Matrix open"], needs("tickets.manage")),
        e("tickets note", ["ESC-1001", "--body", "looked at it"], needs("tickets.manage")),
        e("tickets reply", ["ESC-1002", "--body", "We are on it."], needs("tickets.manage")),
        e("tickets assign", ["ESC-1003", "--to", PmopsCLI.osLogin], needs("tickets.manage")),
        e("tickets status", ["ESC-1004", "investigating"], needs("tickets.manage")),
        e("tickets priority", ["ESC-1005", "P1"], needs("tickets.manage")),
        e("tickets link", ["ESC-1006", "--alert", "1"], needs("tickets.manage")),
        e("tickets parent", ["ESC-1007", "--to", "ESC-1001"], needs("tickets.manage")),
        e("tickets resolve", ["ESC-1008", "--summary", "fixed"], needs("tickets.manage")),
        e("tickets close", ["ESC-1009"], needs("tickets.manage")),
        e("tickets reopen", ["ESC-1010"], needs("tickets.manage")),
        e("tickets csat", ["ESC-1009", "5"], needs("tickets.manage")),
        e("tickets stats", ["--since", "30d"], needs("tickets.read")),
        e("kb list", [], needs("tickets.read")),
        e("kb search", ["matrix"], needs("tickets.read")),
        e("kb show", ["KB-1"], needs("tickets.read")),
        e("kb add", ["--title", "Matrix article", "--body", "How the matrix was fixed."], needs("tickets.manage")),
        e("kb edit", ["KB-1", "--tags", "matrix"], needs("tickets.manage")),
        e("tickets mail-in", ["maildir:{dir}/inbox"], needs("tickets.manage")),
        e("tickets quarantine", [], needs("tickets.read")),
        e("billing ingest", ["{dir}/stripe-event.json", "--signature", stripeSignature, "--secret-file", "{dir}/stripe.secret", "--tolerance", "0"],
          needs("billing.manage")),
        e("billing spool", ["spool:{dir}/spool", "--secret-file", "{dir}/stripe.secret"], needs("billing.manage")),
        e("billing events", [], needs("billing.read")),
        e("billing event", ["evt_setup"], needs("billing.read")),
        e("billing link", ["cus_matrix", "acme"], needs("billing.manage")),
        e("billing dunning", [], needs("billing.read")),
        e("billing disputes", [], needs("billing.read")),
        e("billing reconcile", ["--since", "90d"], needs("billing.read")),
        e("billing revenue", ["--months", "3"], needs("billing.read")),
        e("incidents list", [], needs("incidents.read")),
        e("incidents show", ["INC-1"], needs("incidents.read")),
        e("incidents declare", ["--title", "Matrix declare", "--category", "outage", "--severity", "SEV-3", "--commander", PmopsCLI.osLogin], needs("incidents.manage")),
        e("incidents status", ["INC-2", "identified"], needs("incidents.manage")),
        e("incidents severity", ["INC-3", "SEV-2"], needs("incidents.manage")),
        e("incidents role", ["INC-4", "scribe", "--to", PmopsCLI.osLogin], needs("incidents.manage")),
        e("incidents note", ["INC-1", "--body", "matrix note"], needs("incidents.manage")),
        e("incidents pin", ["INC-1", "1"], needs("incidents.manage")),
        e("incidents link", ["INC-1", "--alert", "2"], needs("incidents.manage")),
        e("incidents unlink", ["INC-6", "--alert", "1"], needs("incidents.manage")),
        e("incidents checklist", ["INC-7", "revoke-sessions"], needs("incidents.manage", "incidents.security")),
        e("incidents evidence add", ["INC-7", "--text", "matrix evidence"], needs("incidents.manage", "incidents.security")),
        e("incidents evidence transfer", ["INC-7", "E1", "--to", "target"], needs("incidents.manage", "incidents.security")),
        e("incidents evidence custody", ["INC-7", "E1"], needs("incidents.read", "incidents.security")),
        e("incidents evidence verify", ["INC-7"], needs("incidents.read", "incidents.security")),
        e("incidents breach", ["INC-7"], needs("incidents.manage", "incidents.security")),
        e("incidents postmortem", ["INC-5", "--summary", "matrix summary"], needs("incidents.manage")),
        e("incidents actions list", [], needs("incidents.read")),
        e("incidents actions add", ["INC-5", "--title", "Matrix action", "--owner", PmopsCLI.osLogin, "--due", "7d"], needs("incidents.manage")),
        e("incidents actions done", ["INC-5", "A1"], needs("incidents.manage")),
        e("incidents export", ["INC-1", "--format", "md"], needs("incidents.read")),
        e("incidents stats", ["--since", "90d"], needs("incidents.read")),
        e("changes record", ["--kind", "deploy", "--service", "mta", "--status", "failed"], needs("changes.record")),
        e("changes list", ["--service", "mta", "--since", "2h"], needs("changes.read")),
        e("kpi", ["--since", "7d"], needs("metrics.read")),
        e("deploys start", ["--service", "api", "--version", "2.0", "--component", "api"], needs("deploys.record")),
        e("deploys component", ["DEP-1", "api", "--status", "healthy"], needs("deploys.record")),
        e("deploys finish", ["DEP-2", "--result", "failed"], needs("deploys.record")),
        e("deploys rollback", ["DEP-3", "--component", "api"], needs("deploys.record")),
        e("deploys link-incident", ["DEP-1", "INC-1"], needs("deploys.record")),
        e("deploys list", ["--service", "api", "--since", "7d"], needs("changes.read")),
        e("deploys show", ["DEP-1"], needs("changes.read")),
        e("deploys stats", ["--since", "30d", "--explain"], needs("changes.read")),
        e("deploys check-config", ["--deploy-config", "{dir}/deploys"], .noStore),
        e("flags list", [], needs("changes.read")),
        e("flags show", ["matrix-flag"], needs("changes.read")),
        e("flags create", ["matrix-new", "--rule", "plan=enterprise -> on"], needs("flags.manage")),
        e("flags set", ["matrix-flag", "--description", "changed by the matrix"], needs("flags.manage")),
        e("flags rollout", ["matrix-flag", "--to", "1"], needs("flags.manage")),
        e("flags kill", ["matrix-killable"], needs("flags.manage")),
        e("flags eval", ["matrix-flag", "--context", "plan=enterprise", "targetingKey=u-1"], needs("changes.read")),
        e("flags export", ["--format", "flagd", "--output", "{dir}/flags.flagd.json"], needs("changes.read")),
        e("flags stale", ["--days", "30"], needs("changes.read")),
        e("config keys", [], .noStore),
        e("config show", ["1"], needs("changes.read")),
        e("config draft", ["reputation.bounce_suspend_bp=400", "--rationale", "matrix", "--submit"], needs("config.propose")),
        e("config set", ["6", "api.webhook_timeout=25s", "--submit"], needs("config.propose")),
        e("config approve", ["1"], needs("config.approve")),
        e("config reject", ["2", "--reason", "matrix"], needs("config.approve")),
        e("config apply", ["3", "--env", "staging"], needs("config.propose")),
        e("config verify", ["4", "--env", "staging"], needs("config.propose")),
        e("config rollback", ["5", "--rationale", "matrix"], needs("config.propose")),
        e("config diff", [], needs("changes.read")),
        e("config export", ["--env", "production", "--format", "yaml", "--output", "{dir}/export.yaml"], needs("changes.read")),
        e("config policies", [], needs("changes.read")),
        e("alerts tick", [], needs("collector.run")),
        e("silences add", ["alertname=\"Matrix2\"", "--for", "1h", "--comment", "matrix"], needs("silences.manage")),
        e("silences list", [], needs("alerts.read")),
        e("silences expire", ["1"], needs("silences.manage")),
        e("routing show", [], needs("alerts.read")),
        e("routing check", ["{dir}/routing.conf"], needs("users.read")),
        e("routing load", ["{dir}/routing.conf"], needs("rules.manage")),
        e("oncall now", [], needs("alerts.read")),
        e("oncall schedule list", [], needs("alerts.read")),
        e("oncall schedule show", ["matrix"], needs("alerts.read")),
        e("oncall schedule check", ["{dir}/schedule.conf"], needs("alerts.read")),
        e("oncall schedule load", ["{dir}/schedule.conf"], needs("rules.manage")),
        e("oncall override add", ["--schedule", "matrix", "--covered", "target", "--for", "1h"], needs("alerts.read", "alerts.ack")),
        e("oncall override list", [], needs("alerts.read")),
        e("oncall override remove", ["1"], needs("alerts.read", "users.manage")),
        e("oncall handoff", [], needs("alerts.read")),
        e("oncall report", ["--since", "30d"], needs("alerts.read")),
        e("oncall export", ["--schedule", "matrix", "--format", "ics"], needs("alerts.read")),
        e("oncall import-ics", ["{dir}/cover.ics", "--schedule", "matrix"], needs("alerts.read", "users.manage")),
        e("bench store", [], .noStore, sweep: false),
        e("bench store-fixture", [], .noStore, sweep: false),
        e("bench console", ["--iterations", "100", "--runs", "1"], needs("users.read"), sweep: false),
        e("bench console-vs-htop", [], .noStore, sweep: false),
        e("bench footprint", [], .noStore, sweep: false),
        e("bench alert-queue", [], .noStore, sweep: false),
        e("bench alert-ingest", [], .noStore, sweep: false),
        e("bench mail-in", ["--samples", "{repo}/Docs/samples/mail", "--messages", "6", "--runs", "1"], .noStore, sweep: false),
        e("bench staff-import", ["--accounts", "20", "--rows", "20", "--creations", "5", "--runs", "1"], .noStore, sweep: false),
        e("bench tickets", ["--tickets", "50", "--entries", "200", "--articles", "20", "--ticks", "5", "--queries", "5", "--runs", "1"], .noStore,
          sweep: false),
        e("bench oncall", ["--queries", "100", "--runs", "1", "--frames", "20"], .noStore, sweep: false),
        e("bench incidents", ["--changes", "2000", "--entries", "50", "--alerts", "5", "--queries", "5", "--runs", "1"], .noStore, sweep: false),
        e("bench incidents-pane", ["--incidents", "200", "--entries", "50", "--frames", "5", "--runs", "1"], .noStore, sweep: false),
        e("bench flags", ["--flags", "50", "--evaluations", "100", "--runs", "1"], .noStore, sweep: false),
        e("bench config", ["--evaluations", "5", "--runs", "1"], .noStore, sweep: false),
        e("bench billing-ingest", ["--events", "20", "--runs", "1", "--batch", "5"], .noStore, sweep: false),
        e("bench changes-pane", ["--changes", "500", "--runs", "1"], .noStore, sweep: false),
        e("bench health-scores", ["--customers", "200", "--tenant-series", "10", "--runs", "1"], .noStore, sweep: false),
        e("debug keys", [], .noStore),
        e("debug render", ["--pane", "health", "--size", "80x24"], needs("users.read")),
        e("help", [], .noStore),
    ]

    /// A sunset two months out, as `integrations deprecate` takes it.
    static let sunset: String = {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withFullDate]
        return format.string(from: Date().addingTimeInterval(60 * 86_400))
    }()

    /// A Stripe event signed with "whsec_matrix" at t=1800000000 (by Stripe's Python library:
    /// `Scripts/stripe-oracle.py sign whsec_matrix 1800000000 < stripe-event.json`).
    static let stripeEvent = #"{"object":"event","id":"evt_matrix","type":"charge.succeeded","created":1800000000,"data":{"object":{"object":"charge","id":"ch_m","currency":"usd","amount":100,"status":"succeeded","customer":"cus_matrix"}}}"#
    static let stripeSignature = "t=1800000000,v1=827d46335b604e5345090b7094b374cffa47a651acbe0a7b69f10db020ffd76b"

    /// An Alertmanager v4 webhook notification with `count` firing alerts named PREFIX1….
    static func payload(prefix: String, count: Int) -> String {
        let alerts = (1...count).map { i in
            """
            {"status":"firing","labels":{"alertname":"\(prefix)\(i)","severity":"critical","service":"mta"},
             "annotations":{"summary":"\(prefix) \(i) is down"},"startsAt":"2026-12-07T00:00:00Z",
             "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://127.0.0.1/graph","fingerprint":"\(prefix.lowercased())\(i)"}
            """
        }
        return """
        {"version":"4","status":"firing","receiver":"pmops","groupKey":"{}:{}","truncatedAlerts":0,
         "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://127.0.0.1:9093",
         "alerts":[\(alerts.joined(separator: ","))]}
        """
    }

    /// A store where every row of the table has what it acts on: accounts `target`,
    /// `leaver`, `returner` (deactivated), eight alerts, a silence, routing and metrics.
    static func store(actors: [(login: String, role: String)]) throws -> PmopsCLI {
        let cli = try PmopsCLI()
        func must(_ args: [String]) throws {
            let result = try cli.run(args)
            guard result.status == 0 else { throw TestSupportError("setup \(args.joined(separator: " ")) failed: \(result)") }
        }
        let people = actors + [("target", "readonly"), ("leaver", "readonly"), ("returner", "readonly")]
        for (login, role) in people {
            try must(["users", "add", "--yes", login, "--name", login, "--email", "\(login)@example.com", "--role", role])
        }
        try must(["users", "deactivate", "returner", "--reason", "on leave"])
        _ = try cli.dir.write("hr.csv", "login,name,email,team\npend,Pending Person,pend-at-example,Ops\n")
        _ = try cli.dir.write("hr.map", "department Ops = ops\n")
        try must(["users", "import", cli.dir.file("hr.csv"), "--map", cli.dir.file("hr.map"), "--apply"])
        try cli.dir.write("routing.conf", "route platform *\nescalate platform 1 \(PmopsCLI.osLogin) 10m\nescalate platform 2 \(PmopsCLI.osLogin) 30m\n")
        try must(["routing", "load", cli.dir.file("routing.conf")])
        try cli.dir.write("schedule.conf", "schedule matrix team platform tz Europe/Berlin\nlayer base priority 1 every weekly start 2026-01-05 handoff 09:00 people \(PmopsCLI.osLogin)\n")
        try must(["oncall", "schedule", "load", cli.dir.file("schedule.conf")])
        try must(["oncall", "override", "add", "--schedule", "matrix", "--covered", "target", "--for", "2h"])
        try cli.dir.write("cover.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:\(PmopsCLI.osLogin) covers target\r\nDTSTART:20270104T090000Z\r\nDTEND:20270104T170000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        try cli.dir.write("alerts.json", payload(prefix: "Matrix", count: 8))
        try cli.dir.write("more.json", payload(prefix: "More", count: 2))
        try must(["alerts", "ingest", cli.dir.file("alerts.json")])
        try must(["silences", "add", "alertname=\"Matrix8\"", "--for", "1h", "--comment", "setup"])
        try cli.dir.write("customers.json", #"[{"id":"acme","name":"Acme","plan":"growth","status":"active","contacts":[{"name":"Jo","email":"jo@acme.example"}]}]"#)
        try must(["customers", "import", cli.dir.file("customers.json")])
        // matrix-review is someone else's, so every reviewer (the OS login included) may review it.
        try must(["users", "add", "integrator", "--name", "integrator", "--email", "integrator@example.com", "--role", "devops"])
        for id in ["matrix-int", "matrix-review"] {
            try must(["integrations", "add", id, "--name", id, "--kind", "dns", "--owner", "infra", "--api-version", "v1"]
                     + (id == "matrix-review" ? ["--as", "integrator"] : []))
        }
        try must(["integrations", "advance", "matrix-review"])
        for _ in 1...10 {
            try must(["tickets", "open", "--customer", "acme", "--contact", "jo@acme.example", "--category", "other", "--priority", "P3", "--title", "Matrix"])
        }
        try must(["tickets", "resolve", "ESC-1009", "--summary", "done"])
        try must(["tickets", "resolve", "ESC-1010", "--summary", "done"])
        try must(["kb", "add", "--from-ticket", "ESC-1010"])
        try must(["changes", "record", "--kind", "deploy", "--service", "mta", "--version", "1.2", "--at", "30m"])
        for _ in 1...3 { try must(["deploys", "start", "--service", "api", "--version", "1.0", "--component", "api,web"]) }
        try must(["deploys", "component", "DEP-3", "api", "--status", "healthy"])
        try cli.dir.write("deploys", "service api\n  window 10m\n  rule rate(http_errors_total[5m]) > 0.05\n")
        try must(["flags", "create", "matrix-flag", "--rule", "plan=enterprise -> on"])
        try must(["flags", "create", "matrix-killable"])
        try must(["flags", "rollout", "matrix-killable", "--to", "1"])
        for i in 1...6 {
            try must(["incidents", "declare", "--title", "Matrix \(i)", "--category", "outage", "--severity", "SEV-3", "--commander", PmopsCLI.osLogin]
                     + (i == 6 ? ["--alert", "1"] : []))
        }
        try must(["incidents", "declare", "--title", "Matrix security", "--category", "security", "--severity", "SEV-2", "--class",
                  "credential-compromise", "--commander", PmopsCLI.osLogin, "--security-lead", PmopsCLI.osLogin])
        try must(["incidents", "evidence", "add", "INC-7", "--text", "first evidence"])
        try must(["incidents", "status", "INC-5", "resolved"])
        try must(["incidents", "actions", "add", "INC-5", "--title", "Setup action", "--owner", PmopsCLI.osLogin, "--due", "7d"])
        for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: cli.dir.file("inbox/" + sub), withIntermediateDirectories: true) }
        try cli.dir.write("stripe.secret", "whsec_matrix\n")
        try FileManager.default.createDirectory(atPath: cli.dir.file("spool/new"), withIntermediateDirectories: true)
        try cli.dir.write("stripe-event.json", stripeEvent)
        try cli.dir.write("stripe-setup.json", stripeEvent.replacingOccurrences(of: "evt_matrix", with: "evt_setup"))
        try must(["billing", "ingest", cli.dir.file("stripe-setup.json"), "--signature",
                  "t=1800000000,v1=f3d5100bd18076fc15cee17db30366f9582c0f0ea529496ae0b73fe494ddd14f", "--secret-file", cli.dir.file("stripe.secret"), "--tolerance", "0"])
        // Configuration change sets 1–6, drafted by `drafter` (so every approver is a second
        // person): 1 and 2 in review, 3 approved, 4 applied to staging, 5 in production, and
        // 6 a draft of the acting account when its role may propose (its author edits it).
        try must(["users", "add", "--yes", "drafter", "--name", "drafter", "--email", "drafter@example.com", "--role", "devops"])
        for (i, value) in ["retention.days=100", "retention.eu_days=400", "dkim.key_rotation=60d", "tls.min_version=1.3",
                           "mta.helo_hostname=out.penguinmails.com"].enumerated() {
            try must(["config", "draft", value, "--rationale", "matrix setup \(i + 1)", "--submit", "--as", "drafter"])
            if i >= 2 { try must(["config", "approve", "\(i + 1)"]) }
            if i >= 3 { try must(["config", "apply", "\(i + 1)", "--env", "staging", "--as", "drafter"]) }
            if i >= 4 {
                try must(["config", "verify", "\(i + 1)", "--env", "staging", "--as", "drafter"])
                try must(["config", "apply", "\(i + 1)", "--env", "production", "--as", "drafter"])
            }
        }
        let proposer = actors.first { ["super_admin", "admin", "ops", "devops"].contains($0.role) }?.login
        try must(["config", "draft", "api.webhook_timeout=20s", "--rationale", "matrix setup 6"] + (proposer.map { ["--as", $0] } ?? []))
        try cli.dir.write("collector.conf", "source demo interval=1s\n")
        try must(["collect", "--once", "--config", cli.dir.file("collector.conf")])
        return cli
    }

    /// The entry's arguments with placeholders filled in.
    static func arguments(_ entry: Entry, cli: PmopsCLI) throws -> [String] {
        let repo = try RepoFiles.root()
        return entry.words + entry.args.map {
            $0.replacingOccurrences(of: "{dir}", with: cli.dir.path).replacingOccurrences(of: "{repo}", with: repo)
        }
    }
}
