import OpsCore
import Testing

/// The category guessed for a ticket opened from an alert, as a table.
@Suite struct TicketFromAlertTests {
    @Test(arguments: [
        ("BlacklistListed", [:], "IP 203.0.113.7 listed on Spamhaus", TicketCategory.deliverability),
        ("HighBounceRate", [:], "Bounce rate 6.1 % on pool main", .deliverability),
        ("BounceRateHigh", ["service": "mta"], "bounces", .deliverability),
        ("SMTPQueueBacklog", ["service": "mta"], "Outbound queue 48k messages", .sending),
        ("DKIMSignFailures", [:], "DKIM signing failed for 12 % of mail, bounces rising", .dns),
        ("APILatencyHigh", ["service": "api"], "p99 2.3 s", .api),
        ("WebhookDeliveryFailing", [:], "customer webhook returns 500", .api),
        ("LoginFailuresSpike", [:], "password failures", .accountAccess),
        ("PhishingReported", [:], "phishing from a tenant's account", .security),
        ("StripePaymentFailures", ["service": "billing"], "payment sync", .billingDispute),
        ("DiskFull", ["instance": "db1"], "disk 97 %", .other),
        ("RapidGrowth", [:], "capital letters only", .other),
    ])
    func categoryGuess(rule: String, labels: [String: String], summary: String, expected: TicketCategory) {
        #expect(TicketFromAlert.category(rule: rule, labels: labels, summary: summary) == expected)
    }

    @Test func priorityFollowsSeverity() {
        #expect(TicketFromAlert.priority(severity: .critical) == .p2)
        #expect(TicketFromAlert.priority(severity: .warning) == .p3)
        #expect(TicketFromAlert.priority(severity: .info) == .p4)
    }
}
