/// Where features register the kinds of work people own. Deactivation lists and hands
/// over every kind named here; a feature that assigns work to people (tickets, incidents)
/// adds its `OpenWorkProvider` to this list and to nothing else.
extension AppDatabase {
    /// The features that own assigned work, registered on every store by default.
    public static var standardOpenWork: [any OpenWorkProvider] { [AlertOpenWork()] }
}
