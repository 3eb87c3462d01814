import OpsCore
import Testing
import _OpsTestSupport

/// Docs/ROLES.md is the published role → permission matrix: every cell must match
/// `RoleMatrix`, and the generated block must be byte-identical to the code's output.
@Suite("Docs/ROLES.md matches RoleMatrix")
struct RoleMatrixDocTests {
    /// The table between the markers, parsed: permission → roles marked ✔.
    struct PublishedMatrix {
        var roles: [String] = []
        var cells: [String: Set<String>] = [:]
        var permissionOrder: [String] = []
    }

    static func markedBlock() throws -> String {
        let doc = try RepoFiles.text("Docs/ROLES.md")
        guard let begin = doc.range(of: "<!-- matrix:begin -->\n"), let end = doc.range(of: "<!-- matrix:end -->"),
              begin.upperBound <= end.lowerBound else {
            throw TestSupportError("Docs/ROLES.md lacks the <!-- matrix:begin --> / <!-- matrix:end --> markers.")
        }
        return String(doc[begin.upperBound..<end.lowerBound])
    }

    static func parse(_ block: String) throws -> PublishedMatrix {
        var matrix = PublishedMatrix()
        let lines = block.split(separator: "\n").map(String.init)
        guard let headerLine = lines.first else { throw TestSupportError("The matrix block is empty.") }
        let header = headerLine.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        // "", "permission", roles…, "what it allows", ""
        matrix.roles = Array(header.dropFirst(2).dropLast(2))
        for line in lines.dropFirst(2) {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == matrix.roles.count + 4 else { throw TestSupportError("Malformed matrix row: \(line)") }
            let permission = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            matrix.permissionOrder.append(permission)
            var holders = Set<String>()
            for (i, role) in matrix.roles.enumerated() {
                let mark = cells[2 + i]
                guard mark == "✔" || mark.isEmpty else { throw TestSupportError("Unexpected cell '\(mark)' for \(permission)/\(role)") }
                if mark == "✔" { holders.insert(role) }
            }
            matrix.cells[permission] = holders
        }
        return matrix
    }

    /// Parsed once for the 198 cell tests.
    static let published = Result { try parse(try markedBlock()) }

    @Test("the generated block equals RoleMatrix.markdown() byte for byte")
    func docsDoNotDrift() throws {
        #expect(try Self.markedBlock() == RoleMatrix.markdown(), "Docs/ROLES.md is stale: run Scripts/gen-docs.sh")
    }

    @Test("the doc lists every role and every permission, in code order")
    func docCoversEverything() throws {
        let published = try Self.published.get()
        #expect(published.roles == Role.allCases.map(\.rawValue))
        #expect(published.permissionOrder == Permission.allCases.map(\.rawValue))
    }

    @Test("each role × permission cell in the doc equals RoleMatrix.permissions(of:)",
          arguments: Role.allCases, Permission.allCases)
    func cell(role: Role, permission: Permission) throws {
        let published = try Self.published.get()
        let documented = published.cells[permission.rawValue]?.contains(role.rawValue)
        #expect(documented == RoleMatrix.permissions(of: role).contains(permission),
                "\(role.rawValue) × \(permission.rawValue): doc says \(String(describing: documented))")
    }

    @Test("the documented policy sentences hold in code")
    func documentedPolicy() {
        // "admins, who must not read the audit trail, cannot grant security or auditor"
        let admin = RoleMatrix.permissions(of: .admin)
        #expect(!admin.contains(.auditRead) && !admin.contains(.auditExport) && !admin.contains(.usersImpersonate))
        #expect(RoleMatrix.privileged == [.superAdmin, .admin])
        #expect(RoleMatrix.permissions(of: .superAdmin) == Set(Permission.allCases))
        // Every role reads the directory; only super_admin impersonates.
        for role in Role.allCases {
            #expect(RoleMatrix.permissions(of: role).contains(.usersRead), "\(role)")
            #expect(RoleMatrix.permissions(of: role).contains(.usersImpersonate) == (role == .superAdmin), "\(role)")
        }
        #expect(SeparationOfDuty.default.settingValue == "admin+auditor,finance+support")
    }

    @Test("the separation-of-duty default the doc states is the code's default")
    func documentedSoDDefault() throws {
        let doc = try RepoFiles.text("Docs/ROLES.md")
        #expect(doc.contains("default `\(SeparationOfDuty.default.settingValue)`"))
    }
}

import Foundation
