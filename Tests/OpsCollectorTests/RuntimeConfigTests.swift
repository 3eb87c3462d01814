import Foundation
import OpsCollector
import OpsStore
import Testing

@Suite("Collector config: grammar, defaults and line-numbered errors")
struct RuntimeConfigTests {
    typealias Spec = CollectorConfig.SourceSpec

    @Test("every statement of the grammar, with comments, quotes and defaults")
    func fullFile() throws {
        let text = """
        # a comment line
        source host interval=10s mounts=/,/var percpu=no   # trailing comment
        source demo interval=1s speed=10

        probe tcp smtp 127.0.0.1:25 interval=30s
        probe tcp ipv6 [::1]:587 timeout=500ms
        probe http api http://127.0.0.1:8080/health expect="status: ok" status=200-299
        scrape node http://127.0.0.1:9100/metrics#frag interval=15s max-bytes=512KiB keep=node_cpu,node_load
        rules rules/penguinmails.rules
        retention raw=24h minute=7d hour=1w
        lease heartbeat=2s
        """
        let config = try CollectorConfig.parse(text, source: "c.conf", baseDirectory: "/etc/pmops")
        #expect(config.sources.map(\.name) == ["host", "demo", "smtp", "ipv6", "api", "node"])
        #expect(config.sources.map(\.line) == [2, 3, 5, 6, 7, 8])
        #expect(config.sources[0] == Spec(name: "host", kind: .host(mounts: ["/", "/var"], perCPU: false), interval: 10, line: 2))
        #expect(config.sources[1].kind == .demo(speed: 10))
        #expect(config.sources[2].kind == .tcp(host: "127.0.0.1", port: 25))
        #expect(config.sources[2].effectiveTimeout == 3)
        #expect(config.sources[3].kind == .tcp(host: "::1", port: 587))
        #expect(config.sources[3].timeout == 0.5)
        #expect(config.sources[4].kind == .http(url: try #require(URL(string: "http://127.0.0.1:8080/health")),
                                                expect: "status: ok", statuses: 200...299))
        #expect(config.sources[5].kind == .scrape(url: try #require(URL(string: "http://127.0.0.1:9100/metrics#frag")),
                                                  maxBytes: 512 * 1024, keep: ["node_cpu", "node_load"]))
        #expect(config.sources[5].interval == 15)
        #expect(config.rulesPath == "/etc/pmops/rules/penguinmails.rules")
        #expect(config.retention == RetentionPolicy(raw: 86_400, minute: 7 * 86_400, hour: 7 * 86_400))
        #expect(config.heartbeat == 2)
        #expect(config.leaseTTL == 4)
    }

    @Test("default intervals and timeouts per kind; timeouts stay under the interval")
    func defaults() throws {
        let config = try CollectorConfig.parse("""
        source host
        source demo
        probe tcp db 10.0.0.5:5432
        probe http web https://example.com/
        scrape fast http://127.0.0.1:1/metrics interval=2s
        """)
        #expect(config.sources.map(\.interval) == [10, 1, 30, 30, 2])
        #expect(config.sources.map(\.effectiveTimeout) == [8, 0.8, 3, 5, 1.6])
        #expect(config.rulesPath == nil)
        #expect(config.retention == .standard)
        #expect(config.heartbeat == CollectorConfig.defaultHeartbeat)
    }

    @Test("an empty or comment-only file is an empty collector")
    func empty() throws {
        #expect(try CollectorConfig.parse("").sources.isEmpty)
        #expect(try CollectorConfig.parse("# nothing\n\n   \n\t# still nothing\r\n").sources.isEmpty)
    }

    @Test("errors name the file and line, and every error of the file is reported at once",
          arguments: [
              ("sauce host", "1: unknown statement \"sauce\"; expected source, probe, scrape, alertmanager, mailbox, stripe, rules, retention, lease or backup"),
              ("source disk", "1: unknown source \"disk\"; expected host or demo"),
              ("source host intervall=5s", "1: unknown option \"intervall\" for source host"),
              ("source host interval=fast", "1: interval must be a duration like 500ms, 10s, 5m or 2h, not \"fast\""),
              ("source demo interval=10ms", "1: interval must be between 100ms and 1d, not 0.01s"),
              ("probe tcp smtp 127.0.0.1", "1: expected HOST:PORT, not \"127.0.0.1\""),
              ("probe tcp smtp 127.0.0.1:99999", "1: expected HOST:PORT with a port from 1 to 65535, not \"127.0.0.1:99999\""),
              ("probe udp dns 1.1.1.1:53", "1: expected \"probe tcp NAME HOST:PORT\" or \"probe http NAME URL\""),
              ("probe http api ftp://x/y", "1: expected an http:// or https:// URL with a host, not \"ftp://x/y\""),
              ("probe http api http://x/ status=600", "1: status must be a code or a range like 200-399, not \"600\""),
              ("probe http api http://x/ expect=\"open", "1: a quote is not closed"),
              ("scrape node http://x/metrics interval=5s timeout=10s",
               "1: timeout 10s is longer than the interval 5s; the source would run into its own next turn"),
              ("scrape node http://x/metrics max-bytes=lots", "1: max-bytes must be a size like 10MiB, not \"lots\""),
              ("scrape no/de http://x/metrics", "1: a source name uses letters, digits, '-', '_' and '.', not \"no/de\""),
              ("scrape node http://x/metrics interval=5s interval=6s", "1: option interval is given twice"),
              ("scrape node interval=5s http://x/metrics", "1: \"http://x/metrics\" comes after options; put words first, then key=value options"),
              ("retention raw=10m", "1: retention raw=10m is under an hour; keep at least 1h"),
              ("lease heartbeat=10m", "1: heartbeat must be between 0.2s and 5m"),
              ("rules", "1: expected \"rules PATH\""),
          ])
    func errors(line: String, expected: String) {
        #expect(Self.errorText(line) == "test.conf:" + expected)
    }

    @Test("line numbers count comments and blank lines; duplicates point at the first definition")
    func manyErrors() {
        let text = """
        # header

        source host
        probe tcp host 127.0.0.1:22
        rules a.rules
        rules b.rules
        source demo speed=0
        scrape ok http://127.0.0.1:9100/metrics
        """
        #expect(Self.errorText(text) == """
        test.conf:4: a source named "host" is already defined on line 3
        test.conf:6: rules is already set on line 5
        test.conf:7: speed must be a number above 0 and at most 1000, not "0"
        """)
    }

    @Test("a missing file is one clear error without a line")
    func missingFile() {
        #expect(throws: CollectorConfigError([ConfigDiagnostic(source: "/nonexistent/c.conf", line: 0,
                                                                message: "the collector config does not exist")])) {
            try CollectorConfig.load(path: "/nonexistent/c.conf")
        }
    }

    @Test("the shipped Config/collector.conf is the built-in demo default and names the shipped rules")
    func shippedFile() throws {
        let path = Self.repoFile("Config/collector.conf")
        let shipped = try CollectorConfig.load(path: path)
        let rules = try #require(shipped.rulesPath)
        #expect(rules == Self.repoFile("Rules/penguinmails.rules"))
        var unlined = shipped
        unlined.sources = shipped.sources.map { spec in
            var copy = spec
            copy.line = 0
            return copy
        }
        // A file naming its rules wants those rules: it does not fall back to the built-in ones.
        var expected = CollectorConfig.demoDefault(rulesPath: rules)
        expected.rulesFallback = false
        #expect(unlined == expected)
        #expect(shipped.sources.map(\.name) == ["host", "demo"])
        #expect(shipped.sources.map(\.interval) == [10, 1])
        // The examples in its comments are valid statements too.
        let examples = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix("# probe ") || $0.hasPrefix("# scrape ") }
            .map { String($0.dropFirst(2)) }
        #expect(examples.count == 3)
        #expect(try CollectorConfig.parse(examples.joined(separator: "\n")).sources.count == 3)
    }

    @Test("built sources carry the configured names, intervals and options")
    func makeSources() throws {
        let config = try CollectorConfig.parse("""
        source host interval=5s
        source demo interval=2s
        probe tcp smtp 127.0.0.1:25 timeout=1s
        scrape node http://127.0.0.1:9100/metrics interval=15s keep=node_load
        """)
        let sources = try config.makeSources(demoStart: Date(timeIntervalSince1970: 0))
        #expect(sources.map(\.name) == ["host", "demo", "smtp", "node"])
        #expect(sources.map(\.interval) == [5, 2, 30, 15])
        #expect((sources[2] as? TCPProbe)?.timeout == 1)
        #expect((sources[3] as? ScrapeSource)?.keep == ["node_load"])
    }

    // MARK: - Helpers

    static func errorText(_ text: String) -> String {
        do {
            _ = try CollectorConfig.parse(text, source: "test.conf")
            return "no error"
        } catch {
            return error.description
        }
    }

    /// A file of the repository, found from this test file's real path.
    static func repoFile(_ relative: String, from file: String = #filePath) -> String {
        let real = realpath(file, nil).map { pointer -> String in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? file
        let root = URL(fileURLWithPath: real).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(relative).path
    }
}
