import Foundation

/// SCIM 2.0 `User` resources (RFC 7643) as identity providers export them: a
/// `ListResponse` (RFC 7644 §3.4.2) or one resource per line. Uses `userName`,
/// `name.formatted`, the primary email, `active`, `title`, the enterprise extension's
/// `department` and `manager`, and `groups` (for the mapping file, never as roles).
public enum HRSCIM {
    public static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
    public static let enterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    public static let listSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

    public static func records(_ text: String) throws(OpsError) -> [HRRecord] {
        try HRJSON.objects(text, listKey: "Resources").map { line, o throws(OpsError) in try record(o, line: line) }
    }

    static func record(_ o: [String: Any], line: Int) throws(OpsError) -> HRRecord {
        let schemas = o["schemas"] as? [String] ?? []
        guard schemas.contains(userSchema) else {
            let what = schemas.isEmpty ? "no schemas" : "schemas \(Printable.excerpt(schemas.joined(separator: ", ")))"
            throw HRRefusal.at(line, "schemas", "the resource is not a SCIM User (\(what)); export Users with \(userSchema).")
        }
        var problem: FieldError? = nil
        let userName = (o["userName"] as? String)?.trimmingCharacters(in: .whitespaces) ?? ""
        if userName.isEmpty { problem = FieldError(field: "userName", message: "a SCIM User needs a userName.") }
        let name = o["name"] as? [String: Any]
        let formatted = (name?["formatted"] as? String)
            ?? [name?["givenName"] as? String, name?["familyName"] as? String].compactMap { $0 }.joined(separator: " ")
        let displayName = formatted.isEmpty ? (o["displayName"] as? String ?? "") : formatted
        let emails = o["emails"] as? [[String: Any]] ?? []
        let email = (emails.first { $0["primary"] as? Bool == true } ?? emails.first)?["value"] as? String ?? ""
        let enterprise = o[enterpriseSchema] as? [String: Any]
        let manager = enterprise?["manager"] as? [String: Any]
        let groups = (o["groups"] as? [[String: Any]] ?? []).compactMap { ($0["display"] as? String) ?? ($0["value"] as? String) }
        var active = true
        switch o["active"] {
        case nil: break
        case let b as Bool: active = b
        default: problem = problem ?? FieldError(field: "active", message: "must be true or false.")
        }
        return HRRecord(line: line, login: login(userName), name: displayName, email: email,
                        department: enterprise?["department"] as? String, title: o["title"] as? String, groups: groups,
                        active: active, manager: (manager?["displayName"] as? String) ?? (manager?["value"] as? String),
                        problem: problem)
    }

    /// An identity provider's userName is often an email: the login is its local part,
    /// lower case (logins are unique ignoring case). Anything else is validated as typed.
    static func login(_ userName: String) -> String {
        let local = userName.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? userName
        return local.lowercased()
    }
}
