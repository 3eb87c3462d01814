import ArgumentParser
import OpsCore
import OpsStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the first super_admin (you) on an empty store.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Your display name (default: the GECOS name or your login).") var name: String?
    @Option(help: "Your email address (default: LOGIN@localhost.localdomain).") var email: String?

    func run() throws {
        guard store.actAs == nil else {
            throw OpsError.invalid(field: "--as", message: "'pmops init' makes the OS login running it the first super_admin, so it cannot act as another account.")
        }
        let db = try store.openWithoutIdentity(create: true)
        let login = OSIdentity.currentLogin()
        let account = try db.initialize(login: login, displayName: name ?? OSIdentity.fullName() ?? login,
                                        email: email ?? "\(login)@localhost.localdomain")
        print("Created super_admin '\(account.login)' in \(db.path ?? "memory").")
    }
}
