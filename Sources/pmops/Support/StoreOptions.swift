import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// Where the store is and who acts: shared by every subcommand.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Database file (default: $PMOPS_DB, else $XDG_DATA_HOME/pmops/pmops.sqlite, else $HOME/.local/share/pmops/pmops.sqlite).", valueName: "path"))
    var db: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Act on behalf of another account (needs users.impersonate; both are audited).", valueName: "login"))
    var actAs: String?

    /// The database path: --db > PMOPS_DB > XDG data dir.
    func resolvedPath() throws(OpsError) -> (path: String, isDefault: Bool) {
        if let db, !db.isEmpty { return (db, false) }
        if let env = ProcessInfo.processInfo.environment["PMOPS_DB"], !env.isEmpty { return (env, false) }
        return (StoreLocation.defaultPath(), true)
    }

    /// Opens the store and establishes who acts before the command does anything: the OS
    /// login's account, or `--as`'s (which needs users.impersonate), must exist and be
    /// active, and hold `permission` when one is named. Every store command comes through
    /// here, so no command can ignore `--as` or run without an account; the store's named
    /// operations check their own permission again inside their transaction.
    func open(requiring permission: Permission? = nil, create: Bool = false) throws(OpsError) -> AppDatabase {
        let db = try openWithoutIdentity(create: create)
        if let permission {
            try db.authorize(permission, actor)
        } else {
            _ = try db.whoAmI(actor)
        }
        return db
    }

    /// `open(requiring:)` for commands whose store is optional extra information (`rules
    /// list`, `routing check`): nil when no store exists, unless `--as` was given, which
    /// needs a store to act in and is refused rather than ignored.
    func openIfPresent(requiring permission: Permission) throws(OpsError) -> AppDatabase? {
        let (path, _) = try resolvedPath()
        guard FileManager.default.fileExists(atPath: path) else {
            if actAs != nil { throw .notFound("No store at \(path) to act in with --as.") }
            return nil
        }
        return try open(requiring: permission)
    }

    /// Opens the store without checking who acts: only for the commands that bootstrap a
    /// store with no accounts yet (`init`, `demo`, `db migrate`), which check identity
    /// themselves once accounts exist.
    func openWithoutIdentity(create: Bool = false) throws(OpsError) -> AppDatabase {
        let (path, isDefault) = try resolvedPath()
        if isDefault, create { try StoreLocation.ensureDirectory(for: path) }
        return try AppDatabase(path: path, create: create)
    }

    var actor: ActorContext {
        ActorContext(osLogin: OSIdentity.currentLogin(), onBehalfOf: actAs)
    }

    func validate() throws {
        if let actAs, StaffValidation.login(actAs) != nil {
            throw ValidationError("--as needs a login like 'jdoe', not \(Printable.excerpt(actAs)).")
        }
    }
}

enum StoreLocation {
    static func defaultPath() -> String { dataDirectory() + "/pmops.sqlite" }

    /// `$XDG_DATA_HOME/pmops`, else `$HOME/.local/share/pmops` (the XDG base-directory
    /// spec), else the passwd entry's home: only an unset or empty `HOME` falls back to it,
    /// so `HOME=/elsewhere pmops` keeps its store under /elsewhere as every XDG tool would.
    static func dataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/pmops" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? passwdHome()
        return home + "/.local/share/pmops"
    }

    /// The login's home directory from the password database.
    static func passwdHome() -> String {
        if let pw = getpwuid(geteuid()), let dir = pw.pointee.pw_dir { return String(cString: dir) }
        return NSHomeDirectory()
    }

    static func ensureDirectory(for path: String) throws(OpsError) {
        let dir = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .store("Cannot create \(dir): \(error.localizedDescription)")
        }
    }
}

/// The acting user is the OS user running pmops: effective uid → login.
enum OSIdentity {
    static func currentLogin() -> String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid\(geteuid())"
    }

    /// The GECOS full name, when set.
    static func fullName() -> String? {
        guard let pw = getpwuid(geteuid()), let gecos = pw.pointee.pw_gecos else { return nil }
        let name = String(cString: gecos).split(separator: ",").first.map(String.init) ?? ""
        return name.isEmpty ? nil : name
    }
}
