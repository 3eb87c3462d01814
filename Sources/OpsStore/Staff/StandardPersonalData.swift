/// Where features register the copies of personal data they keep. Purge runs every
/// eraser named here in its transaction; a feature that stores a person's name or email
/// adds its `PersonalDataEraser` to this list and to nothing else.
extension AppDatabase {
    /// The features that keep copies of personal data, registered on every store.
    public static var standardPersonalData: [any PersonalDataEraser] { [OutboxPersonalData(), AlertPersonalData(), PendingOnboardingPersonalData(), MailQuarantinePersonalData()] }
}
