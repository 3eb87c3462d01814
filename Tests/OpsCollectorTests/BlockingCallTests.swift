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
        // The call can only finish after `run` has returned: a `run` that waited for it
        // would see it finish (after 5 s) and return its value.
        let release = DispatchSemaphore(value: 0)
        let value = BlockingCall.run(timeout: 0.1) { () -> Int in
            _ = release.wait(timeout: .now() + 5)
            return 1
        }
        release.signal()
        #expect(value == nil)
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
