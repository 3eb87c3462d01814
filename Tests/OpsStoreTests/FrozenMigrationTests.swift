import Crypto
import Foundation
@testable import OpsStore
import Testing

/// Shipped migrations are frozen: each one's SQL text (for the one written as code, the
/// rewrites it applies) must hash to the value recorded when it shipped. Editing one, or
/// building it from an application enum that later grows, changes what a new store gets
/// and leaves old stores behind, so this fails; a new migration adds its line here.
@Suite("Frozen migrations")
struct FrozenMigrationTests {
    /// SHA-256 of `Schema.Migration.frozenText`, per migration name, in order.
    static let shipped: [(name: String, sha256: String)] = [
        ("2026-11-27-foundation", "14e0b73952fc898f34fc38d3b9094b57b8fbc4ef8d7d8fddd29ed1b1e6e1c55d"),
        ("2026-11-27-metrics", "7353bf28708d511635ab34943070a16d45bedd412b4c08b332ada536a3ba1b48"),
        ("2026-11-28-alert-queue", "4b2e225604023e3092d6b063a8f5bf39a80119a826b4a7bb30a7dd24d99e8106"),
        ("2026-11-28-metric-chunks", "f1350dd5e1e0169860febf762dd42685b48390a9328849be5cd324d85fc6bb0e"),
        ("2026-11-29-alert-pane-indexes", "ecf27db4131b81aedd79761f03738b756068bb1537e285f6f4d290ecf28d7aed"),
        ("2026-11-30-alert-checks", "52dcb895a1c3809deb6f6d96aa9b8edfc005699689322652b4d84b0a8e97cbdc"),
        ("2026-12-07-collector-lease-holder", "fe0b4d352df37bbbbd4595ed3fa1987c8a4d895a58143f8d6b3c3d969e5119ea"),
        ("2026-12-07-personal-keys", "e4ff9b6ef9112a2da4b5ebd0e38b548c21eaf4f55ca39f334f1420924dbee81a"),
        ("2026-12-07-alert-names", "36ba465a6a40c998cf0a5f0010e1e5b86097ba7ac1798d6b1ea08377b5fa4865"),
        ("2026-12-07-metric-blocks", "4ec73d00017a77911ab3eb55c7be11eda7d2ed7beaa3c1e5c3b36d941a0f9506"),
        ("2026-12-07-pending-onboarding", "e353eb571294761b6250fde84385b61e6bf4f8a77f6db7af829a569b08382edc"),
        ("2026-12-07-outbox-alert", "1a51c8de038a8e5dbf378d1e05d316e6833706ba7f1e0e47e60e7315bc28597d"),
        ("2026-12-07-tickets", "af338a32d3550795fe7a7d5b8b2bc5ceb8a21794dfbdd523f5ae8e0156b7c194"),
        ("2026-12-07-ticket-sla-sweep", "4d9cbb32d6240cd265e0a10624a3a9587103203c1453d10a3919939c82ded743"),
        ("2026-12-07-kb", "b3b98839ad5cb9a5fbcb784cc848ad670d2f0eeeb98101af2ac815ef50c7f50a"),
        ("2026-12-07-mail-in", "50deb1dff637f24338ef8cad2dab800672b4e5817de4296cf41f8dd4a5556b38"),
        ("2026-12-07-billing", "402ded0a09cf2cab83ad3a4720396245093e31d1ae58a1fee42bb8d87d3b52ff"),
        ("2026-12-07-oncall", "e8d7748b807d056adb06291664757b4461d5559f0b650237dc5ebae7d854c7d5"),
        ("2026-12-07-ticket-queue-index", "1248600cdb86b69976d3b312fb57f13734411740756c0817d0809e4d44ad3dd9"),
        ("2026-12-08-changes", "0ed9c1f2db46251f131b902e75d964141e0b94654ddc4748d6fa65e27b419f49"),
        ("2026-12-08-incidents", "dbf1de08aa48e78cd3fbaf20cfcd4c5d253d77414a0a35a0b4fd98938ee2f0e3"),
        ("2026-12-09-devops-role", "20ab66b3d9f1f419384af45b435d5ac76f1a4ea8c01833ade98409598a210367"),
        ("2026-12-09-ticket-filter-indexes", "f2e6b33e8ead97ef6b213def9c64bb38eeb7227b0c9ed6528fa23cd8347cd464"),
        ("2026-12-09-flags", "10314e850edb80e631e5740d30cb70676407693e4e91a59230faaa91faff6155"),
        ("2026-12-09-config", "313666b936fb593da289f495b11051888f0a47f0f8a0ba44b22b1241c8cb7599"),
        ("2026-12-09-lookup-indexes", "162581426a844c3f4e3518e5d3de614117942eeb5c0ab72a31bf18c598907892"),
        ("2026-12-09-kpi-indexes", "4914eae0306064d60ebc8d8913e9cb12e8d4f261dba9615449fdc0f3d017b8ea"),
        ("2026-12-09-changes-pane", "f2ce4277210582b499d30ba715e8b12032e5b5a19303fd00cb4a0650294b45aa"),
        ("2026-12-09-deploys", "595c16b5f46d777d8d5a8d4691e2956ef1ee1ac31a60c5df6261069f9f1719ca"),
        ("2026-12-09-ticket-queue-order", "98a0ad5d8f95693da41e54e43019e37c170df9c0dfd453ef743fc5d49b065bd5"),
        ("2026-12-10-change-gates", "6d2c9120ff8f4fefbe6f500290c716399e79653a6310b65a577b8a0e7816dc5c"),
        ("2026-12-10-billing-dunning", "366ba073759c94c7ddde11c31caac7790e25377029219f121d9e9db58bda8d7b"),
        ("2026-12-10-success", "9097a3582bc16acf7a0533b03c245df0e1a42de171b31780d6f2badd9516d6fd"),
        ("2026-12-10-integrations", "8a5a6825a44f117e4f85afe18fcfda92c92e48402e2055b7e72c455ebf8b0f99"),
    ]

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    @Test("every migration is recorded, in order")
    func everyMigrationIsRecorded() {
        let names = Schema.migrations.map(\.name)
        #expect(names == Schema.migrator.migrations, "the migrator registers exactly Schema.migrations")
        for name in names where !Self.shipped.contains(where: { $0.name == name }) {
            Issue.record("migration \(name) has no recorded hash; add (\"\(name)\", \"\(Self.sha256(Schema.migrations.first { $0.name == name }?.frozenText ?? ""))\") to FrozenMigrationTests.shipped")
        }
        #expect(names.prefix(Self.shipped.count).elementsEqual(Self.shipped.map(\.name)), "shipped migrations are frozen; add a new one (a shipped migration was removed or reordered)")
    }

    @Test("each shipped migration's SQL hashes to its recorded value")
    func shippedMigrationsAreUnchanged() {
        for (name, recorded) in Self.shipped {
            guard let migration = Schema.migrations.first(where: { $0.name == name }) else {
                Issue.record("migration \(name) shipped but is gone; shipped migrations are frozen; add a new one")
                continue
            }
            let actual = Self.sha256(migration.frozenText)
            #expect(actual == recorded, "migration \(name) changed (SHA-256 \(actual)); shipped migrations are frozen; add a new one")
        }
    }

    @Test("no shipped migration depends on an application enum: the role list is spelled out")
    func roleListIsLiteral() throws {
        let foundation = try #require(Schema.migrations.first { $0.name == "2026-11-27-foundation" })
        #expect(foundation.frozenText.contains("CHECK (role IN ('super_admin','admin','ops','security','support','finance','success','auditor','readonly'))"))
    }
}
