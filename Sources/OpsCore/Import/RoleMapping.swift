import Foundation

/// The `--map` file: which export columns hold which field, and which departments,
/// titles and groups give which roles. Roles only ever come from here, never from the
/// export's text, and never super_admin or admin.
///
/// ```
/// # comment
/// column login = Employee Login
/// department "Site Reliability" = ops, readonly
/// title "Security Engineer" = security
/// group sre-oncall = ops
/// ```
public struct RoleMapping: Sendable, Equatable {
    /// pmops field → header name.
    public var columns: [String: String] = [:]
    /// Lower-cased department, title, group → roles.
    public var departments: [String: Set<Role>] = [:]
    public var titles: [String: Set<Role>] = [:]
    public var groups: [String: Set<Role>] = [:]

    public init() {}

    static let fields: Set<String> = ["login", "name", "email", "team", "title", "roles", "status", "manager", "start_date", "end_date"]

    public static func parse(_ text: String) throws(OpsError) -> RoleMapping {
        var mapping = RoleMapping()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = i + 1
            let body = raw.trimmingCharacters(in: .whitespaces)
            if body.isEmpty || body.hasPrefix("#") { continue }
            guard let equals = body.firstIndex(of: "="), let space = body.firstIndex(of: " "), space < equals else {
                throw at(line, "the line must read 'KIND NAME = VALUE' (KIND: column, department, title or group).")
            }
            let kind = String(body[..<space]).lowercased()
            let name = unquote(body[body.index(after: space)..<equals])
            let value = body[body.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw at(line, "the name before '=' is empty.") }
            if kind == "column" {
                let field = HRColumns.normalize(name)
                guard fields.contains(field) else {
                    throw at(line, "\(Printable.excerpt(name)) is not a field; fields are \(fields.sorted().joined(separator: ", ")).")
                }
                mapping.columns[field] = unquote(Substring(value))
                continue
            }
            let roles = try self.roles(value, line: line)
            let key = name.lowercased()
            switch kind {
            case "department": mapping.departments[key, default: []].formUnion(roles)
            case "title": mapping.titles[key, default: []].formUnion(roles)
            case "group": mapping.groups[key, default: []].formUnion(roles)
            default: throw at(line, "\(Printable.excerpt(kind)) is not a kind; use column, department, title or group.")
            }
        }
        return mapping
    }

    static func roles(_ text: String, line: Int) throws(OpsError) -> Set<Role> {
        var roles = Set<Role>()
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let role = Role(name: name) else {
                throw at(line, "unknown role \(Printable.excerpt(name)); roles are \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            guard !RoleMatrix.privileged.contains(role) else {
                throw at(line, "maps to \(role.rawValue); admins are made by hand, never by an import.")
            }
            roles.insert(role)
        }
        guard !roles.isEmpty else { throw at(line, "give at least one role after '='.") }
        return roles
    }

    static func unquote(_ text: Substring) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.count >= 2, t.hasPrefix("\""), t.hasSuffix("\"") { return String(t.dropFirst().dropLast()) }
        return t
    }

    static func at(_ line: Int, _ message: String) -> OpsError { HRRefusal.at(line, "mapping", message) }

    /// The roles a person gets, or why none can be given. An unmapped department is
    /// reported, not guessed; unmapped titles and groups are ignored (exports carry many).
    public func roles(for r: HRRecord) -> Result<Set<Role>, FieldError> {
        var roles = Set<Role>()
        if let d = r.department {
            if let mapped = departments[d.lowercased()] { roles.formUnion(mapped) } else if !departments.isEmpty {
                return .failure(FieldError(field: "department", message: "\(Printable.excerpt(d)) is not in the mapping file; add 'department \"\(Printable.quote(d))\" = ROLE'."))
            }
        }
        if let t = r.title, let mapped = titles[t.lowercased()] { roles.formUnion(mapped) }
        for g in r.groups { if let mapped = groups[g.lowercased()] { roles.formUnion(mapped) } }
        if roles.isEmpty {
            return .failure(FieldError(field: "roles", message: "no department, title or group of this person is in the mapping file, so no role can be given."))
        }
        return .success(roles)
    }
}
