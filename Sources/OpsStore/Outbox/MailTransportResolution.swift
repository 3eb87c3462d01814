import Foundation
import OpsCore

/// Where a transport came from. Only the invoking user's own sources may run a program:
/// a transport read from the store was written by whoever holds settings.manage, and
/// whoever delivers (often root) must not run, or write where, that person chose.
public enum MailTransportOrigin: String, Sendable, Equatable {
    /// `--mail` on the invoker's command line.
    case commandLine
    /// `$PMOPS_MAIL` in the invoker's environment.
    case environment
    /// The invoker's own config file (`$XDG_CONFIG_HOME/pmops/mail`, owned by them).
    case configFile
    /// The store's `mail.transport` setting.
    case setting
    /// The maildir beside the store.
    case besideStore

    /// True when the invoking user chose this transport themselves.
    public var isInvokers: Bool { self != .setting }
}

/// A transport and where it came from; delivery re-checks the rules for its origin.
public struct ResolvedMailTransport: Sendable, Equatable, CustomStringConvertible {
    public var spec: MailTransportSpec
    public var origin: MailTransportOrigin
    public init(_ spec: MailTransportSpec, origin: MailTransportOrigin) {
        self.spec = spec
        self.origin = origin
    }
    public var description: String { spec.description }
}

/// The one place that decides which transport a delivery uses, for every caller (CLI,
/// console, collector): --mail > $PMOPS_MAIL > the invoker's config file > the stored
/// setting (never a program) > a maildir beside the store.
public enum MailTransportResolver {
    /// The invoker's config file: `$XDG_CONFIG_HOME/pmops/mail`, else `$HOME/.config/pmops/mail`.
    public static func configFilePath(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/pmops/mail" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.config/pmops/mail" }
        return nil
    }

    public static func resolve(commandLine: String?, environment: [String: String], stored: String,
                               besideStore: String) throws(OpsError) -> ResolvedMailTransport {
        if let text = commandLine { return ResolvedMailTransport(try parse(text), origin: .commandLine) }
        if let text = environment["PMOPS_MAIL"], !text.isEmpty { return ResolvedMailTransport(try parse(text), origin: .environment) }
        if let path = configFilePath(environment: environment), let text = try readOwnConfig(path) {
            return ResolvedMailTransport(try parse(text), origin: .configFile)
        }
        if !stored.isEmpty {
            if case .success(.sendmail) = MailTransportSpec.parse(stored) { throw storedProgramRefusal }
            if let refusal = storedRefusal(stored) { throw refusal }
            return ResolvedMailTransport(try parse(stored), origin: .setting)
        }
        return ResolvedMailTransport(.maildir(besideStore), origin: .besideStore)
    }

    /// What delivery says when the store names a program.
    static let storedProgramRefusal = OpsError.permissionDenied("""
        Refused to run the sendmail: command stored in mail.transport (whoever holds settings.manage could make whoever \
        delivers run a program); give it with --mail, $PMOPS_MAIL or your own ~/.config/pmops/mail, and set mail.transport \
        to a maildir:/absolute/path or to ''.
        """)

    /// Why a value cannot be the stored `mail.transport`; nil when it may.
    public static func storedRefusal(_ value: String) -> OpsError? {
        switch MailTransportSpec.parse(value) {
        case let .failure(error): return error
        case .success(.sendmail):
            return .invalid(field: "mail.transport", message: """
                a sendmail: command is never taken from the store (it would run as whoever delivers); give it with --mail, \
                $PMOPS_MAIL or your own ~/.config/pmops/mail, and store a maildir:/absolute/path or '' here.
                """)
        case let .success(.maildir(path)):
            if !path.hasPrefix("/") || path.split(separator: "/").contains("..") {
                return .invalid(field: "mail.transport", message: "a stored maildir must be an absolute path without '..' (e.g. maildir:/var/mail/pmops).")
            }
            return nil
        }
    }

    static func parse(_ text: String) throws(OpsError) -> MailTransportSpec {
        switch MailTransportSpec.parse(text) {
        case let .success(spec): return spec
        case let .failure(error): throw error
        }
    }

    /// The first non-comment line of the invoker's config file; the file must be a regular
    /// file owned by the invoker and writable by nobody else, or it is refused.
    static func readOwnConfig(_ path: String) throws(OpsError) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        guard (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid(), info.st_mode & 0o022 == 0 else {
            throw .permissionDenied("Refused \(Printable.quote(path)): a mail config file must be a regular file you own that nobody else can write.")
        }
        guard let data = FileManager.default.contents(atPath: path), data.count <= 4096,
              let text = String(data: data, encoding: .utf8) else {
            throw .failure("Cannot read \(Printable.quote(path)) (UTF-8 text of at most 4 KB).")
        }
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

/// Whoever delivers (maybe root) must not create or write files where someone else
/// chose: a maildir from the store is used only when it, or its nearest existing
/// ancestor, is a real directory owned by the delivering user and writable by nobody else.
public enum MaildirSafety {
    public static func check(_ root: String, uid: uid_t = geteuid()) throws(OpsError) {
        let advice = "set mail.transport to a maildir you own, or give one with --mail or $PMOPS_MAIL."
        guard root.hasPrefix("/"), !root.split(separator: "/").contains("..") else {
            throw .permissionDenied("Refused the stored maildir \(Printable.quote(root)): it must be an absolute path; \(advice)")
        }
        var info = stat()
        if lstat(root, &info) == 0 {
            try owned(root, info, uid: uid, advice: advice)
            for sub in ["tmp", "new", "cur"] where lstat(root + "/" + sub, &info) == 0 {
                try owned(root + "/" + sub, info, uid: uid, advice: advice)
            }
            return
        }
        var ancestor = (root as NSString).deletingLastPathComponent
        while stat(ancestor, &info) != 0 {
            let up = (ancestor as NSString).deletingLastPathComponent
            if up == ancestor { break }
            ancestor = up
        }
        try owned(ancestor, info, uid: uid, advice: advice)
    }

    static func owned(_ path: String, _ info: stat, uid: uid_t, advice: String) throws(OpsError) {
        let what: String
        if (info.st_mode & S_IFMT) != S_IFDIR {
            what = "it is not a directory (a symbolic link or a file)"
        } else if info.st_uid != uid {
            what = "it belongs to uid \(info.st_uid), not to you (uid \(uid))"
        } else if info.st_mode & 0o022 != 0 {
            what = "others can write to it"
        } else {
            return
        }
        throw .permissionDenied("Refused to deliver into \(Printable.quote(path)) from the stored mail.transport: \(what); \(advice)")
    }
}
