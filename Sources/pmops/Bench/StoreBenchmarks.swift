import Foundation
import OpsCore
import OpsStore
import OpsFixtures

/// The foundation figures (issue 2) against the benchmark store: permission checks,
/// `pmops users list --json` wall time and audit-chain verification throughput.
struct StoreBenchmarks {
    var db: AppDatabase
    var fixture: BenchStoreFixture
    /// The pmops binary spawned for process-level figures.
    var binary: String
    var progress: (String) -> Void

    var operatorContext: ActorContext { ActorContext(osLogin: fixture.operatorLogin) }

    // MARK: - Permission checks

    /// `AccessPolicy.require` alone, then the real per-action path (`whoAmI`, and
    /// `authorize` = resolve the actor fresh from the store + `require`), on the same
    /// random actors and permissions. A refusal is a normal outcome and is timed too.
    func permissionChecks(iterations: Int, runs: Int) throws(OpsError) -> [BenchFigure] {
        let everyone = try db.listStaff(as: operatorContext)
        let byLogin = Dictionary(everyone.map { ($0.login, $0) }, uniquingKeysWith: { first, _ in first })
        let logins = fixture.benchLogins + [fixture.operatorLogin]
        let permissions = Permission.allCases
        var policy: [BenchSamples] = [], resolve: [BenchSamples] = [], full: [BenchSamples] = []
        var allowed = 0, denied = 0
        _ = try timeAuthorize(plan(seed: 99, count: min(iterations, 2_000), logins, permissions), allowed: &allowed, denied: &denied)
        for run in 0..<runs {
            progress("permission checks: run \(run + 1) of \(runs)")
            let checks = plan(seed: UInt64(run + 1), count: iterations, logins, permissions)
            var samples = BenchSamples()
            for (login, permission) in checks {
                guard let account = byLogin[login] else { throw .failure("The fixture lacks the account '\(login)'; rebuild it.") }
                let start = BenchClock.nanos()
                do { try AccessPolicy.require(permission, actor: account) } catch { _ = error }
                samples.append(Double(BenchClock.nanos() - start) / 1_000)
            }
            policy.append(samples)
            samples = BenchSamples()
            for (login, _) in checks {
                let start = BenchClock.nanos()
                _ = try db.whoAmI(ActorContext(osLogin: login))
                samples.append(Double(BenchClock.nanos() - start) / 1_000)
            }
            resolve.append(samples)
            allowed = 0
            denied = 0
            full.append(try timeAuthorize(checks, allowed: &allowed, denied: &denied))
        }
        let target = BenchTarget(stat: .p99, comparison: .below, value: 50)
        let mix = "random actors among \(logins.count) and all \(permissions.count) permissions; \(allowed) allowed, \(denied) refused per run"
        return [
            BenchFigure(id: "permission.policy", label: "permission check: AccessPolicy.require (in memory)", unit: "µs",
                        runs: policy, target: target),
            BenchFigure(id: "permission.resolve", label: "resolve actor from store (whoAmI)", unit: "µs", runs: resolve),
            BenchFigure(id: "permission.authorize", label: "permission check: authorize (store round trip + require)", unit: "µs",
                        runs: full, target: target, note: mix),
        ]
    }

    private func plan(seed: UInt64, count: Int, _ logins: [String], _ permissions: [Permission]) -> [(String, Permission)] {
        var rng = DemoStaff.Generator(seed: seed)
        return (0..<count).map { _ in
            (logins[Int(rng.next() % UInt64(logins.count))], permissions[Int(rng.next() % UInt64(permissions.count))])
        }
    }

    private func timeAuthorize(_ checks: [(String, Permission)], allowed: inout Int, denied: inout Int) throws(OpsError) -> BenchSamples {
        var samples = BenchSamples()
        for (login, permission) in checks {
            let start = BenchClock.nanos()
            do {
                try db.authorize(permission, ActorContext(osLogin: login))
                allowed += 1
            } catch {
                guard case .permissionDenied = error else { throw error }
                denied += 1
            }
            samples.append(Double(BenchClock.nanos() - start) / 1_000)
        }
        return samples
    }

    // MARK: - pmops users list --json

    /// Wall time of the real binary, plus the in-process split (store read, JSON
    /// encoding) that says where the time goes.
    func usersList(runs: Int) throws(OpsError) -> [BenchFigure] {
        let arguments = ["users", "list", "--json", "--db", fixture.path]
        let check = try checkUsersListOutput(arguments)
        progress("users list: \(runs) timed runs")
        let wall = try BenchProcess.timeRuns(binary, arguments, runs: runs).values.map { $0 * 1_000 }
        try checkJSONWriter()
        var read = BenchSamples(), encode = BenchSamples()
        for _ in 0..<runs {
            let (readSeconds, accounts) = try BenchClock.time { () throws(OpsError) in try db.listStaff(as: operatorContext) }
            read.append(readSeconds * 1_000)
            let (encodeSeconds, _) = try BenchClock.time { () throws(OpsError) in
                do { return try CLI.jsonBytes(accounts.map { StaffJSON($0) }) } catch { throw .failure("JSON encoding failed: \(error)") }
            }
            encode.append(encodeSeconds * 1_000)
        }
        return [
            BenchFigure(id: "users_list.wall", label: "pmops users list --json (process wall)", unit: "ms",
                        perRun: BenchSamples(wall), target: BenchTarget(stat: .median, comparison: .below, value: 60), note: check),
            BenchFigure(id: "users_list.read", label: "  in process: listStaff (store read)", unit: "ms", perRun: read),
            BenchFigure(id: "users_list.encode", label: "  in process: JSON encoding", unit: "ms", perRun: encode),
        ]
    }

    /// Runs the command once into a file and checks it lists every account, so a fast
    /// but broken command cannot pass.
    private func checkUsersListOutput(_ arguments: [String]) throws(OpsError) -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("pmops-bench-users-\(getpid()).json").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let outcome = try BenchProcess.run(binary, arguments, stdoutPath: out)
        guard outcome.status == 0 else { throw .failure("'pmops \(arguments.joined(separator: " "))' exited with status \(outcome.status).") }
        let data = (try? Data(contentsOf: URL(fileURLWithPath: out))) ?? Data()
        let count = ((try? JSONSerialization.jsonObject(with: data)) as? [Any])?.count ?? -1
        guard count == fixture.accounts else {
            throw .failure("'pmops users list --json' printed \(count) accounts, not \(fixture.accounts).")
        }
        return "\(count) accounts, \(data.count / 1024) KiB of JSON to /dev/null; 1 warm-up run not counted"
    }

    /// The fast JSON path must print exactly what `JSONEncoder` prints; checked on every
    /// fixture account, list and detail forms.
    private func checkJSONWriter() throws(OpsError) {
        let accounts = try db.listStaff(as: operatorContext)
        let work = [OpenWorkItem(kind: "alerts", id: "A-1", title: "Disk \"full\" \\ on /var\u{1}")]
        let samples: [(String, [StaffJSON])] = [
            ("list", accounts.map { StaffJSON($0) }),
            ("show", accounts.prefix(50).map { StaffJSON($0, detailed: true, openWork: []) }),
            ("show with work", accounts.prefix(5).map { StaffJSON($0, detailed: true, openWork: work) }),
            ("empty", []),
        ]
        for (name, list) in samples {
            let fast: [UInt8], reference: [UInt8]
            do {
                fast = try CLI.jsonBytes(list)
                reference = Array(try CLI.encoderJSON(list))
            } catch {
                throw .failure("JSON encoding failed: \(error)")
            }
            if fast != reference {
                let at = zip(fast, reference).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(fast.count, reference.count)
                throw .failure("The fast JSON writer differs from JSONEncoder (\(name)) at byte \(at).")
            }
        }
    }

    /// `pmops --version`: the start-up floor every command pays.
    func startup(runs: Int) throws(OpsError) -> BenchFigure {
        let wall = try BenchProcess.timeRuns(binary, ["--version"], runs: runs).values.map { $0 * 1_000 }
        return BenchFigure(id: "startup.wall", label: "pmops --version (process start-up floor)", unit: "ms", perRun: BenchSamples(wall))
    }

    // MARK: - audit verify

    /// Rows per second over the whole chain, in process and through the binary.
    func auditVerify(runs: Int) throws(OpsError) -> [BenchFigure] {
        var inProcess = BenchSamples()
        var rows = 0
        for run in 0..<runs {
            progress("audit verify in process: run \(run + 1) of \(runs)")
            let (seconds, result) = try BenchClock.time { () throws(OpsError) in try db.verifyAudit(as: operatorContext) }
            guard result.ok else { throw .failure("The fixture's audit chain does not verify: \(result.problem ?? "?") Rebuild it.") }
            rows = result.rowsChecked
            inProcess.append(Double(rows) / seconds)
        }
        progress("audit verify via the binary: \(runs) timed runs")
        let wall = try BenchProcess.timeRuns(binary, ["audit", "verify", "--json", "--db", fixture.path], runs: runs)
        let target = BenchTarget(stat: .median, comparison: .atLeast, value: 300_000)
        return [
            BenchFigure(id: "audit_verify.in_process", label: "audit verify, in process", unit: "rows/s", perRun: inProcess,
                        target: target, note: "\(rows) rows; AppDatabase.verifyAudit with an auditor's permission check"),
            BenchFigure(id: "audit_verify.process", label: "pmops audit verify (process wall)", unit: "rows/s",
                        perRun: BenchSamples(wall.values.map { Double(rows) / $0 }), target: target,
                        note: "start-up and store open included; 1 warm-up run not counted"),
        ]
    }
}
