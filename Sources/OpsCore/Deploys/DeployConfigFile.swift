import Foundation

/// Where the deploy config comes from and how it is read: `--deploy-config` >
/// `$PMOPS_DEPLOY_CONFIG` > `$XDG_CONFIG_HOME/pmops/deploys` > `~/.config/pmops/deploys`.
/// Never the database: the file names programs the collector runs, so it must be a regular
/// file (not a symbolic link) owned by the user who runs pmops and writable by nobody else,
/// the rule the mail transport's config file follows.
public struct DeployConfigFile: Sendable, Equatable {
    public var path: String
    /// True when the path was given (flag or environment): a missing file is then an error.
    public var explicit: Bool

    public init(path: String, explicit: Bool) {
        self.path = path
        self.explicit = explicit
    }

    public static func resolve(commandLine: String?, environment: [String: String]) -> DeployConfigFile? {
        if let path = commandLine, !path.isEmpty { return DeployConfigFile(path: path, explicit: true) }
        if let path = environment["PMOPS_DEPLOY_CONFIG"], !path.isEmpty { return DeployConfigFile(path: path, explicit: true) }
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return DeployConfigFile(path: xdg + "/pmops/deploys", explicit: false) }
        if let home = environment["HOME"], home.hasPrefix("/") { return DeployConfigFile(path: home + "/.config/pmops/deploys", explicit: false) }
        return nil
    }

    /// The parsed file; an empty config when the default file does not exist.
    public func load(uid: uid_t = geteuid()) throws(OpsError) -> DeployConfig {
        guard let text = try Self.readOwned(path, uid: uid, required: explicit) else { return DeployConfig() }
        return try DeployConfig.parse(text, file: path)
    }

    /// The file's text, after the ownership checks; nil when it does not exist and is not required.
    static func readOwned(_ path: String, uid: uid_t, required: Bool) throws(OpsError) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if required { throw .notFound("No deploy config file \(Printable.quote(path)).") }
            return nil
        }
        let why: String? = if (info.st_mode & S_IFMT) != S_IFREG {
            "it is not a regular file (a symbolic link, a directory or a device)"
        } else if info.st_uid != uid {
            "it belongs to uid \(info.st_uid), not to you (uid \(uid))"
        } else if info.st_mode & 0o022 != 0 {
            "others can write to it (chmod go-w)"
        } else {
            nil
        }
        if let why {
            throw .permissionDenied("Refused the deploy config \(Printable.quote(path)): \(why); it names programs pmops runs, so it must be a file you own that nobody else can write.")
        }
        guard info.st_size <= off_t(DeployConfig.maxBytes) else {
            throw .invalid(field: path, message: "the file is \(info.st_size) bytes, over the \(DeployConfig.maxBytes)-byte limit for a deploy config file.")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .failure("Cannot read \(Printable.quote(path)) as UTF-8 text.")
        }
        return text
    }
}
