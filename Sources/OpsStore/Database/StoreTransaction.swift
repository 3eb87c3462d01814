package import GRDB

/// The write transaction a store operation runs in, handed to the features that plug into
/// it (open work, personal-data erasers). Opaque outside the package: a provider written in
/// OpsStore reaches the connection through `db`; nothing public names a GRDB type, so the
/// engine behind the store can change without touching callers.
public struct StoreTransaction {
    package let db: Database

    package init(_ db: Database) {
        self.db = db
    }
}
