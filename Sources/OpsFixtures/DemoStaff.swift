import Foundation
import OpsCore
import OpsStore

/// A deterministic PenguinMails staff directory for demos and benchmarks.
public enum DemoStaff {
    /// SplitMix64: tiny, fast and the same on every platform for a given seed.
    public struct Generator: RandomNumberGenerator, Sendable {
        private var state: UInt64
        public init(seed: UInt64) { state = seed }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let firstNames = ["Ava", "Liam", "Maya", "Noah", "Zoë", "Mateo", "Priya", "Kenji", "Amara", "Lukas", "Sofía",
                             "Oliver", "Aisha", "Chen", "Freya", "Tomás", "Yuki", "Elena", "Omar", "Ingrid", "Rafael",
                             "Hannah", "Sipho", "Léa", "Arjun", "Nora", "Diego", "Mei", "Jonas", "Fatima", "Ethan",
                             "Björn", "Chloé", "Ravi", "Ines", "Marcus", "Anya", "Kofi", "Sara", "Hugo"]
    static let lastNames = ["Okafor", "Lindqvist", "García", "Tanaka", "Müller", "Novak", "Haddad", "Kowalski", "Ferreira",
                            "O'Brien", "Nakamura", "Dubois", "Rossi", "Andersen", "Patel", "Nguyễn", "Schmidt", "Mensah",
                            "Ivanova", "Costa", "Jensen", "Moreau", "Kim", "Larsen", "Silva", "Cohen", "Brennan", "Hoffmann"]
    /// A few names written in their own scripts, so the console's width handling is exercised.
    static let nativeNames = ["佐藤 花子", "李 小龙", "김 민준", "Ωμέγα Παπαδόπουλος", "Đặng Thị Hương"]

    /// (team, roles, how many) making up ~40 people.
    static let teams: [(team: String, roles: [Role], count: Int)] = [
        ("sre", [.ops], 10), ("sre", [.ops, .security], 2), ("support", [.support], 9), ("security", [.security], 4),
        ("finance", [.finance], 3), ("success", [.success], 6), ("platform", [.admin], 3), ("compliance", [.auditor], 2),
        ("platform", [.readonly], 1),
        // Appended last, so every account above keeps its generated name.
        ("release", [.devops], 3),
    ]

    /// The seeded directory (deterministic for `seed`), without the acting OS user.
    public static func people(seed: UInt64, excluding login: String? = nil) -> [NewStaff] {
        var rng = Generator(seed: seed)
        var used = Set<String>()
        if let login { used.insert(login) }
        var people: [NewStaff] = []
        var native = 0
        for group in teams {
            for _ in 0..<group.count {
                var name: String
                var base: String
                if rng.next() % 8 == 0, native < nativeNames.count {
                    name = nativeNames[native]
                    base = "staff\(native + 1)"
                    native += 1
                } else {
                    let first = firstNames[Int(rng.next() % UInt64(firstNames.count))]
                    let last = lastNames[Int(rng.next() % UInt64(lastNames.count))]
                    name = "\(first) \(last)"
                    base = ascii(first.prefix(1) + last)
                }
                var login = base
                var n = 2
                while used.contains(login) {
                    login = "\(base)\(n)"
                    n += 1
                }
                used.insert(login)
                people.append(NewStaff(login: login, displayName: name, email: "\(login)@penguinmails.example.com",
                                       team: group.team, roles: group.roles.map(\.rawValue)))
            }
        }
        return people
    }

    /// Lower-case ASCII login stem from a name ("Müller" → "muller").
    static func ascii(_ text: some StringProtocol) -> String {
        let folded = String(text).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        let stem = folded.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) }
        return stem.isEmpty ? "user" : String(String.UnicodeScalarView(stem.prefix(24)))
    }
}

extension AppDatabase {
    /// Fills the store with the demo directory and makes `login` a super_admin (creating
    /// it on an empty store). Existing logins are skipped, so seeding twice is harmless.
    public func seedDemo(seed: UInt64, login: String) throws(OpsError) -> (created: Int, skipped: Int) {
        try seedDemo(seed: seed, as: ActorContext(osLogin: login))
    }

    /// Seeds as `context`: on an empty store its OS login becomes the first super_admin
    /// (`--as` is refused there: nobody exists to act as); on a store with accounts the
    /// acting account (honouring `--as`) must be a super_admin, and every row it writes
    /// records that account and its impersonator.
    public func seedDemo(seed: UInt64, as me: ActorContext) throws(OpsError) -> (created: Int, skipped: Int) {
        if !(try hasAccounts()) {
            if me.onBehalfOf != nil {
                throw OpsError.invalid(field: "--as", message: "this store has no accounts yet, so there is nobody to act as; seed it as yourself.")
            }
            let login = me.osLogin
            _ = try initialize(login: login, displayName: "Demo Operator (\(login))", email: "\(login)@penguinmails.example.com")
        }
        let account = try whoAmI(me)
        let login = account.login
        if !account.roles.contains(.superAdmin) {
            throw OpsError.permissionDenied("Permission denied: '\(login)' must be a super_admin to seed demo data into an existing store.")
        }
        var created = 0, skipped = 0
        for person in DemoStaff.people(seed: seed, excluding: login) {
            do {
                _ = try createStaff(person, confirmedPowerGrant: true, as: me)
                created += 1
            } catch {
                if case .conflict = error { skipped += 1 } else { throw error }
            }
        }
        // Schedules first: the routing pages through them.
        try seedDemoOnCall(operator: login, as: me)
        try seedDemoRouting(operator: login, as: me)
        return (created, skipped)
    }

    /// Routing and escalation for the demo: level 1 pages whoever the team's schedule has
    /// on call (sre-primary, deliverability), level 2 the secondary schedule and the operator
    /// running it (their pages land in the demo maildir, like everyone's). Without
    /// the demo schedules (a directory too small to fill them), the operator is level 1 and
    /// two seeded ops engineers level 2.
    func seedDemoRouting(operator login: String, as me: ActorContext) throws(OpsError) {
        guard try alertRouting().routes.isEmpty else { return }
        let ops = try listStaff(StaffFilter(), as: me)
            .filter { $0.isActive && $0.roles.contains(.ops) && $0.email != nil && $0.login != login }.map(\.login).sorted()
        let second = ops.prefix(2).isEmpty ? login : ops.prefix(2).joined(separator: ",")
        let schedules = Set(try onCallSchedules(as: me).map(\.schedule.name))
        var lines = ["# Demo routing (pmops demo seed)",
                     "route deliverability service=\"mta\", alertname=~\"Bounce.*|Spam.*|Blacklist.*|Deliverability.*|IPReputation.*\"",
                     "route platform service=~\"mta|api|billing|db\"",
                     "route infra *"]
        for team in ["deliverability", "platform", "infra"] {
            let primary = team == "deliverability" ? "deliverability" : "sre-primary"
            if schedules.isSuperset(of: [primary, "sre-secondary"]) {
                lines.append("escalate \(team) 1 schedule:\(primary) 10m")
                lines.append("escalate \(team) 2 schedule:sre-secondary,\(login) 30m")
            } else {
                lines.append("escalate \(team) 1 \(login) 10m")
                lines.append("escalate \(team) 2 \(second) 30m")
            }
        }
        _ = try loadAlertRouting(lines.joined(separator: "\n"), file: "demo routing", as: me)
    }
}
