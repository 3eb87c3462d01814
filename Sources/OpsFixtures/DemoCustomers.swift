import Foundation
import OpsCore

/// About 200 PenguinMails tenants for the demo: names built from word lists, a plan mix
/// weighted like a real book of business (many starter and growth, few enterprise), a
/// success manager for the paying plans and one to three contacts each. Deterministic.
public enum DemoCustomers {
    static let first = ["Acme", "Northwind", "Bluefin", "Cedar", "Polar", "Granite", "Harbor", "Juniper", "Kestrel", "Lumen",
                        "Maple", "Nimbus", "Orchid", "Pinnacle", "Quill", "Redwood", "Summit", "Tidal", "Umber", "Vertex",
                        "Willow", "Zephyr", "Aurora", "Beacon", "Copper"]
    static let second = ["Outfitters", "Analytics", "Travel", "Health", "Books", "Coffee", "Labs", "Studio", "Logistics",
                         "Fitness", "Media", "Learning"]
    static let plans: [(Customer.Plan, Int)] = [(.free, 3), (.starter, 6), (.growth, 6), (.scale, 3), (.enterprise, 2)]

    /// `count` tenants (at most first × second); success managers taken from `managers`.
    public static func customers(seed: UInt64, count: Int = 200, managers: [String], created: Date) -> [Customer] {
        var rng = DemoStaff.Generator(seed: seed &+ 7)
        var names: [(String, String)] = []
        for a in first { for b in second { names.append((a, b)) } }
        names.shuffle(using: &rng)
        let weights = plans.flatMap { Array(repeating: $0.0, count: $0.1) }
        return names.prefix(count).enumerated().map { index, pair in
            let name = "\(pair.0) \(pair.1)"
            let id = DemoStaff.ascii(pair.0) + "-" + DemoStaff.ascii(pair.1)
            let plan = weights[Int(rng.next() % UInt64(weights.count))]
            let status: Customer.Status = plan == .free ? (rng.next() % 3 == 0 ? .trial : .active) : (index % 41 == 40 ? .suspended : .active)
            let manager = plan == .free || managers.isEmpty ? nil : managers[Int(rng.next() % UInt64(managers.count))]
            let domain = "\(id).example"
            let contacts = (0...Int(rng.next() % 3)).map { n -> CustomerContact in
                let given = DemoStaff.firstNames[Int(rng.next() % UInt64(DemoStaff.firstNames.count))]
                let family = DemoStaff.lastNames[Int(rng.next() % UInt64(DemoStaff.lastNames.count))]
                let mailbox = n == 0 ? DemoStaff.ascii(given) : "\(DemoStaff.ascii(given)).\(DemoStaff.ascii(family))"
                return CustomerContact(name: "\(given) \(family)", email: "\(mailbox)@\(domain)")
            }
            var seen = Set<String>()
            return Customer(id: id, name: name, plan: plan, status: status, successManager: manager,
                            contacts: contacts.filter { seen.insert($0.email.lowercased()).inserted },
                            created: created.addingTimeInterval(-Double(index) * 86_400 * 3))
        }
    }
}
