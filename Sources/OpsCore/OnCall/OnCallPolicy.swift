import Foundation

/// Who may do what with on-call schedules, as pure functions the store calls inside its
/// write transaction.
public enum OnCallPolicy {
    /// The permission that lets a login take a page (the routing file asks the same).
    public static let pagingPermission = Permission.alertsAck
    /// Reading schedules, who is on call, reports and exports.
    public static let readPermission = Permission.alertsRead
    /// Loading schedule files (like loading the routing file).
    public static let loadPermission = Permission.rulesManage

    /// A team admin: holds rules.manage and is on the schedule's team, or holds
    /// users.manage (account administrators act for every team).
    public static func isTeamAdmin(_ actor: StaffAccount, team: String) -> Bool {
        guard actor.isActive else { return false }
        if actor.permissions.contains(.usersManage) { return true }
        return actor.permissions.contains(.rulesManage) && actor.team?.lowercased() == team.lowercased()
    }

    /// An override is created (or removed) by the covering person, the covered person, or
    /// a team admin; the first two also need the paging permission.
    public static func checkOverride(actor: StaffAccount, covering: String, covered: String, team: String) throws(OpsError) {
        try AccessPolicy.require(readPermission, actor: actor)
        if isTeamAdmin(actor, team: team) { return }
        guard actor.login == covering || actor.login == covered else {
            throw .permissionDenied("Permission denied: an override is made by the person covering ('\(covering)'), the person covered ('\(covered)') or an admin of team \(team); '\(actor.login)' is none of them.")
        }
        try AccessPolicy.require(pagingPermission, actor: actor)
    }

    /// The override's own rules: two different people, a range that ends after it starts
    /// and lasts at most 90 days.
    public static func validateOverride(covering: String, covered: String, start: Date, end: Date) throws(OpsError) {
        var errors: [FieldError] = []
        if let e = StaffValidation.login(covering) { errors.append(FieldError(field: "covering", message: e.message)) }
        if let e = StaffValidation.login(covered) { errors.append(FieldError(field: "covered", message: e.message)) }
        if covering == covered { errors.append(FieldError(field: "covering", message: "'\(covering)' cannot cover themselves.")) }
        if end <= start {
            errors.append(FieldError(field: "end", message: "the override ends (\(Timestamp.format(end))) before it starts (\(Timestamp.format(start)))."))
        } else if end.timeIntervalSince(start) > 90 * 86_400 {
            errors.append(FieldError(field: "end", message: "an override lasts at most 90 days; split longer cover or change the rotation."))
        }
        if !errors.isEmpty { throw .invalidFields(errors) }
    }

    /// Night for the load report: 22:00 to 07:00 in the schedule's zone.
    public static func isNight(_ date: Date, zone: ZoneClock) -> Bool {
        let wall = zone.local(Int64(date.timeIntervalSince1970.rounded(.down)))
        let minute = (wall - wall.floorDiv(86_400) * 86_400) / 60
        return minute >= 22 * 60 || minute < 7 * 60
    }
}
