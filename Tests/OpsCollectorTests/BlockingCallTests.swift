import Foundation
@testable import OpsCollector
import Testing

@Suite("Deadlines around calls that cannot be cancelled")
struct BlockingCallTests {
    @Test("a quick call returns its value")
    func quick() {
        #expect(BlockingCall.run(timeout: 2) { 42 } == 42)
    }

    @Test("a call that overruns is abandoned at the deadline")
    func overrun() {
        let started = Date()
        let value = BlockingCall.run(timeout: 0.1) { () -> Int in
            usleep(600_000)
            return 1
        }
        #expect(value == nil)
        #expect(Date().timeIntervalSince(started) < 0.5)
    }

    @Test("ProcReader reads /proc files whose size is reported as 0, and names the missing ones")
    func procReader() throws {
        let text = try ProcReader().text("self/status")
        #expect(text.contains("Pid:"))
        #expect(throws: CollectorError.unreadable(path: "/proc/no-such-file", reason: "No such file or directory")) {
            try ProcReader().text("no-such-file")
        }
        #expect(throws: CollectorError.self) { try ProcReader(maxBytes: 10).text("self/status") }
    }
}
