import CLibFuzzer
import Foundation

/// What every fuzz target shares: the input as `Data` or text, and a check that stops the
/// run with a message when a property fails. libFuzzer records a crash when the process
/// aborts, so a failed property is a crash with its input saved, like a trap.
public enum Fuzz {
    /// A target's test function, as libFuzzer calls it.
    public typealias Test = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    /// A target's entry point: SwiftPM aliases `main` to `<Target>_main`, which calls this
    /// with the process arguments, so the usual libFuzzer flags all work.
    public static func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: Test) -> Int32 {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments, test)
    }

    /// The input bytes, copied (the parsers keep no pointer into libFuzzer's buffer).
    public static func bytes(_ start: UnsafePointer<UInt8>?, _ count: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: count > 0 ? start : nil, count: count > 0 && start != nil ? count : 0)
    }

    public static func data(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Data {
        Data(bytes(start, count))
    }

    /// The input as text the way the product reads it: invalid UTF-8 becomes U+FFFD, as
    /// `String(decoding:as:)` does for scraped bodies.
    public static func text(_ start: UnsafePointer<UInt8>?, _ count: Int) -> String {
        String(decoding: bytes(start, count), as: UTF8.self)
    }

    /// The first byte picks a grammar in the targets that cover several; the rest is text.
    public static func split(_ start: UnsafePointer<UInt8>?, _ count: Int) -> (selector: UInt8, text: String)? {
        let all = bytes(start, count)
        guard let first = all.first else { return nil }
        return (first, String(decoding: UnsafeBufferPointer(rebasing: all.dropFirst()), as: UTF8.self))
    }

    /// Stops the process with `message` on stderr when `condition` is false.
    public static func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        guard !condition() else { return }
        FileHandle.standardError.write(Data("fuzz property failed: \(message())\n".utf8))
        abort()
    }

    /// The number of lines a parser may name in an error: the newlines plus one, plus one
    /// more for "missing at the end" errors that point past the last line.
    public static func lineCount(_ text: String) -> Int {
        text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } + 1
    }
}
