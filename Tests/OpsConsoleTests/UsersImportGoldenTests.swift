import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// Issue #20's console screens pinned: the Import… plan (creations, updates, refusals, with
/// counts, waiting for "apply") and the pending-onboarding list, at the three sizes and mono.
@MainActor
@Suite("Users pane: import plan and pending onboarding, goldens")
struct UsersImportGoldenTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]
    static let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)

    /// An export with a creation, an update of the seeded jdoe (new name), and two refused
    /// rows (a bad email, an admin mapping is never imported).
    static let csv = """
        login,name,email,team
        hire1,New Hire,hire1@example.com,Ops
        pend,Pending Person,pend-at-example,Ops
        hire2,Second Hire,hire2@example.com,Support

        """
    static let mapping = "department Ops = ops\ndepartment Support = support\n"

    /// The harness with the plan on screen, from files in a fixed-name temporary folder.
    static func planHarness(size: Size, theme: Theme = .default) throws -> (ConsoleHarness, TemporaryDirectory) {
        let h = try ConsoleHarness(size: size, theme: theme)
        let dir = try TemporaryDirectory()
        let csv = try dir.write("hr.csv", Self.csv)
        let map = try dir.write("hr.map", Self.mapping)
        h.press(.char("I"))
        h.type(csv)
        h.press(.tab)
        h.type(map)
        h.press(.enter)
        return (h, dir)
    }

    static func pendingHarness(size: Size, theme: Theme = .default) throws -> ConsoleHarness {
        let h = try ConsoleHarness(size: size, theme: theme)
        _ = try h.store.applyImport(Data(Self.csv.utf8), format: .csv, mapping: try RoleMapping.parse(Self.mapping),
                                    deactivateMissing: false, as: Self.op)
        h.press(.char("P"))
        return h
    }

    @Test(arguments: sizes) func importPlan(size: Size) throws {
        let (h, dir) = try Self.planHarness(size: size)
        _ = dir
        assertSnapshot(h.frame(), named: "users-import-plan-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func importPlanMono() throws {
        let (h, dir) = try Self.planHarness(size: Size(width: 120, height: 40), theme: Theme.default.monochrome())
        _ = dir
        assertSnapshot(h.frame(), named: "users-import-plan-mono-120x40", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test(arguments: sizes) func pendingOnboarding(size: Size) throws {
        let h = try Self.pendingHarness(size: size)
        assertSnapshot(h.frame(), named: "users-pending-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func pendingOnboardingMono() throws {
        let h = try Self.pendingHarness(size: Size(width: 120, height: 40), theme: Theme.default.monochrome())
        assertSnapshot(h.frame(), named: "users-pending-mono-120x40", directory: ConsoleHarness.snapshotDirectory)
    }
}
