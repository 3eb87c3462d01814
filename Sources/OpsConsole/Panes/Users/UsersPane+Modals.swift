import Foundation
import OpsCore
import OpsStore
import TermUI

extension UsersPane {
    // MARK: - Opening

    func openCreateForm() { modal = .form(AccountForm.create()) }

    func openEditForm(_ a: StaffAccount) {
        guard a.isActive else { return env.status.show("'\(a.login)' is deactivated; reactivate it to edit.", .warning) }
        modal = .form(AccountForm.edit(a))
    }

    func openRolesEditor(_ a: StaffAccount) {
        guard a.isActive else { return env.status.show("'\(a.login)' is deactivated; reactivate it before granting roles.", .warning) }
        let sodText = (try? env.store.settingValue(.separationOfDuty)) ?? SeparationOfDuty.default.settingValue
        let sod = (try? SeparationOfDuty.parse(sodText).get()) ?? .default
        modal = .roles(RolesEditor(account: a, sod: sod))
    }

    func openDeactivate(_ a: StaffAccount) {
        guard a.isActive else { return env.status.show("'\(a.login)' is already deactivated.", .warning) }
        let work = env.attempt { () throws(OpsError) in try env.store.openWork(login: a.login, as: env.actor) } ?? []
        var paged = (try? env.store.routingLevels(paging: a.login))?.map { "team \($0.team) level \($0.level)" } ?? []
        // Their on-call shifts: nobody takes them after the deactivation.
        let shifts = (try? env.store.futureShifts(of: a.login)) ?? []
        if let first = shifts.first {
            paged.append("\(shifts.count) on-call shift(s) from \(String(Timestamp.format(first.start).prefix(16))) (\(first.schedule))")
        }
        modal = .deactivate(DeactivateForm(account: a, openWork: work, pagedAt: paged))
    }

    func openReactivate(_ a: StaffAccount) {
        guard !a.isActive else { return env.status.show("'\(a.login)' is already active.", .info) }
        modal = .reactivate(login: a.login)
    }

    // MARK: - Keys inside a modal

    func closeModal() {
        modal = .none
        pendingShown = nil
    }

    /// Tab and Shift-Tab: through the fields, and in the create form on to the role list.
    func moveModalField(forward: Bool) {
        switch modal {
        case var .form(f):
            if f.isCreate, f.rolesFocused || (forward ? f.form.focus == f.form.fields.count - 1 : f.form.focus == 0) {
                f.rolesFocused.toggle()
                if !f.rolesFocused { f.form.setFocus(forward ? 0 : f.form.fields.count - 1) }
            } else {
                _ = f.form.handle(forward ? .tab : .backTab)
            }
            modal = .form(f)
        case var .deactivate(d):
            _ = d.form.handle(forward ? .tab : .backTab)
            modal = .deactivate(d)
        case var .importFile(d):
            _ = d.form.handle(forward ? .tab : .backTab)
            modal = .importFile(d)
        default: break
        }
    }

    func typeInModal(_ key: Key) -> Bool {
        switch modal {
        case var .form(f):
            if f.rolesFocused {
                guard key != .char(" ") || f.roles.list.selected != nil else { return true }
                _ = f.roles.handle(key, visibleRows: 20)
            } else {
                _ = f.form.handle(key)
            }
            modal = .form(f)
        case var .roles(r):
            _ = r.list.handle(key, visibleRows: 20)
            r.refreshWarnings()
            r.formError = r.conflict.map { "Separation of duty: nobody may hold both \($0.first.rawValue) and \($0.second.rawValue)." }
            modal = .roles(r)
        case var .deactivate(d):
            _ = d.form.handle(key)
            modal = .deactivate(d)
        case var .message(dialog):
            _ = dialog.handle(key)
            modal = .message(dialog)
        case var .confirmGrant(c):
            _ = c.form.handle(key)
            modal = .confirmGrant(c)
        case var .importFile(d):
            if case .plan = d.stage, [.up, .down, .pageUp, .pageDown].contains(key) {
                let step = key == .up || key == .down ? 1 : 10
                d.scroll = max(0, d.scroll + (key == .up || key == .pageUp ? -step : step))
            } else {
                _ = d.form.handle(key)
            }
            modal = .importFile(d)
        case .reactivate:
            break
        case .none:
            return false
        }
        return true
    }

    // MARK: - Submitting (through the same services as the CLI)

    func submitModal() {
        switch modal {
        case var .form(f):
            do throws(OpsError) {
                switch f.mode {
                case .create:
                    let new = NewStaff(login: f.value("login"), displayName: f.value("name"), email: f.value("email"),
                                       team: f.value("team").isEmpty ? nil : f.value("team"), roles: f.roles.checkedTitles)
                    let power = GrantConfirmation.granted(current: [], proposed: new.roles)
                    guard power.isEmpty else {
                        modal = .confirmGrant(GrantConfirmation(login: new.login, roles: power, pending: .create(new, f)))
                        return
                    }
                    try create(new, pendingID: f.pendingID, confirmed: false)
                case let .edit(login, version):
                    let team = f.value("team")
                    let changes = StaffChanges(displayName: f.value("name"), email: f.value("email"), team: .some(team.isEmpty ? nil : team))
                    let account = try env.store.updateStaff(login: login, changes: changes, expectedVersion: version, as: env.actor)
                    env.status.show("Updated '\(account.login)'.", .success)
                    modal = .none
                }
            } catch {
                f.show(error)
                modal = .form(f)
            }
        case var .roles(r):
            let power = GrantConfirmation.granted(current: r.original, proposed: r.list.checkedTitles)
            // A separation-of-duty conflict is refused by the core anyway: no second look first.
            guard power.isEmpty || r.conflict != nil else {
                modal = .confirmGrant(GrantConfirmation(login: r.login, roles: power, pending: .roles(r)))
                return
            }
            do throws(OpsError) { try saveRoles(r, confirmed: false) } catch {
                r.formError = error.description
                modal = .roles(r)
            }
        case var .importFile(d):
            submitImport(&d)
        case var .confirmGrant(c):
            guard c.typed == c.login else {
                c.form.fields[0].error = "type '\(c.login)' exactly to grant \(c.roles.map(\.rawValue).joined(separator: " and "))."
                modal = .confirmGrant(c)
                return
            }
            switch c.pending {
            case let .create(new, form):
                do throws(OpsError) { try create(new, pendingID: form.pendingID, confirmed: true) } catch {
                    var f = form
                    f.show(error)
                    modal = .form(f)
                }
            case var .roles(r):
                do throws(OpsError) { try saveRoles(r, confirmed: true) } catch {
                    r.formError = error.description
                    modal = .roles(r)
                }
            }
        case var .deactivate(d):
            guard d.confirmation == d.account.login else {
                let last = d.form.fields.count - 1
                d.form.fields[last].error = "type '\(d.account.login)' exactly to confirm."
                modal = .deactivate(d)
                return
            }
            do throws(OpsError) {
                let reassign = d.reassignTo.flatMap { $0.isEmpty ? nil : $0 }
                let result = try env.store.deactivate(login: d.account.login, reason: d.reason, reassignTo: reassign,
                                                      expectedVersion: d.account.version, as: env.actor)
                if !result.futureShifts.isEmpty {
                    env.status.show("Deactivated '\(result.account.login)'; \(result.futureShifts.count) on-call shift(s) need cover: pmops oncall override add.", .warning)
                } else if result.routingLevels.isEmpty {
                    env.status.show("Deactivated '\(result.account.login)'; personal data archived until \(String(result.purgeAfter.prefix(10))).", .success)
                } else {
                    let levels = result.routingLevels.map { "team \($0.team) level \($0.level)" }.joined(separator: ", ")
                    env.status.show("Deactivated '\(result.account.login)'; the routing still pages them at \(levels): fix it with pmops routing load.", .warning)
                }
                modal = .none
            } catch {
                for i in d.form.fields.indices { d.form.fields[i].error = nil }
                if let e = error.fieldErrors.first, e.field == "reason" { d.form.fields[0].error = e.message } else { d.formError = error.description }
                modal = .deactivate(d)
            }
        case let .reactivate(login):
            if let account = env.attempt({ () throws(OpsError) in try env.store.reactivate(login: login, as: env.actor) }) {
                env.status.show("Reactivated '\(account.login)' without roles; press R to grant some.", .success)
            }
            modal = .none
        case .message:
            modal = .none
            if let id = pendingShown {
                pendingShown = nil
                openPendingForm(id)
            }
        case .none:
            break
        }
    }

    private func create(_ new: NewStaff, pendingID: Int64?, confirmed: Bool) throws(OpsError) {
        let account = if let pendingID {
            try env.store.completePendingOnboarding(id: pendingID, new, confirmedPowerGrant: confirmed, as: env.actor)
        } else {
            try env.store.createStaff(new, confirmedPowerGrant: confirmed, as: env.actor)
        }
        env.status.show("Created '\(account.login)'\(pendingID.map { " from pending onboarding #\($0)" } ?? ""); welcome email queued.", .success)
        modal = .none
        reloadList()
        selectLogin(account.login)
    }

    private func saveRoles(_ r: RolesEditor, confirmed: Bool) throws(OpsError) {
        let account = try env.store.setRoles(login: r.login, roles: r.list.checkedTitles, expectedVersion: r.version,
                                             confirmedPowerGrant: confirmed, as: env.actor)
        env.status.show("Roles of '\(account.login)': \(account.roles.isEmpty ? "none" : account.sortedRoles.map(\.rawValue).joined(separator: ", ")).", .success)
        modal = .none
    }

    /// Moves the list cursor to `login` if it is in the filtered list.
    func selectLogin(_ login: String) {
        let filter = self.filter
        guard let all = try? env.store.listStaff(filter, as: env.actor), let index = all.firstIndex(where: { $0.login == login }) else { return }
        list.select(index)
        env.attempt { () throws(OpsError) in try list.reload(from: listSource) }
    }
}
