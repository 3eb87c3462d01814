/// The words of mail about a ticket (`TicketValidation.csat(inReply:)` reads the answer).
public enum TicketMail {
    /// The resolution email: the summary, then the rating question that `csatRating` reads.
    public static func resolutionBody(summary: String) -> String {
        """
        We have resolved your ticket:

        \(summary)

        How did we do? Reply with a number from 1 (poor) to 5 (excellent) on the first line.
        If the problem is back, reply with what you see and we will pick it up again.
        """
    }
}
