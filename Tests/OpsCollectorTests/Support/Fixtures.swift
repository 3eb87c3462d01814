import Foundation

/// Fixture files next to this test target, found from `#filePath` with symlinks resolved so
/// the dev package (which links the test folder) and the main package agree.
enum Fixtures {
    static func directory(from file: String = #filePath) -> String {
        let real = realpath(file, nil).map { pointer -> String in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? file
        // Support/Fixtures.swift -> OpsCollectorTests/Fixtures
        let tests = ((real as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        return tests + "/Fixtures"
    }

    static func path(_ name: String) -> String { directory() + "/" + name }

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }
}

/// A scratch directory removed when the value is released.
final class ScratchDirectory {
    let path: String

    init(_ prefix: String = "pmops-collector") throws {
        let base = NSTemporaryDirectory() + "\(prefix)-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    func write(_ relative: String, _ text: String) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
