import OpsStore

extension AppDatabase {
    /// The words of generated KB articles: support vocabulary first (picked most often),
    /// then a long tail of made-up words from syllables, so the index has the shape of
    /// real prose: a few very common terms and many rare ones.
    static let benchVocabulary: [String] = {
        let common = """
        the mail to and of a is for in on with from smtp gmail outlook yahoo bounce bounces deferred blocked spam junk inbox \
        spf dkim dmarc dns record records include lookup lookups selector key rotate alignment domain domains subdomain ip ips \
        pool warm warmup reputation throttling rate limit limits api token webhook webhooks retry retries timeout latency queue \
        backlog delivery deliverability campaign list unsubscribe complaint complaints feedback loop postmaster blacklist \
        blocklist listing delist tls certificate expired handshake sso login password reset mfa account access invoice refund \
        charge charged duplicate billing dispute credit credits plan upgrade downgrade tracking pixel open click link redirect \
        template header headers mime attachment size customer customers tenant tenants incident outage degraded restored fixed \
        workaround cause root investigate investigation vendor microsoft google support ticket escalation priority sla response \
        resolution update customer-facing internal note check verify monitor metric metrics alert alerts dashboard error errors \
        code 421 450 550 554 4.7.0 5.7.1 permerror temperror softfail hardfail quarantine reject policy report reports aggregate
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        let syllables = ["ka", "lo", "mi", "ner", "tas", "vi", "po", "ru", "sel", "dor", "fen", "qua", "zi", "bel", "tor", "wen"]
        var tail: [String] = []
        for a in syllables { for b in syllables { for c in syllables.prefix(12) { tail.append(a + b + c) } } }
        return common + tail
    }()
}
