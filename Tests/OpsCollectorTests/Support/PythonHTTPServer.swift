import Foundation
import _OpsTestSupport

/// Python's `http.server` as a real third-party peer: serves a scratch directory on
/// 127.0.0.1 (`LocalPeer`: a free port, always stopped by PID).
final class PythonHTTPServer {
    static let executable = "/usr/bin/python3"
    static var isAvailable: Bool { LocalPeer.isInstalled(executable) }

    let root: ScratchDirectory
    private let peer: LocalPeer

    init(files: [String: String]) throws {
        let root = try ScratchDirectory("pmops-http-root")
        for (name, text) in files { try root.write(name, text) }
        self.root = root
        peer = try LocalPeer(Self.executable, readyWithin: 10) { port, _ in
            ["-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", root.path, String(port)]
        }
    }

    var port: UInt16 { peer.port }

    func stop() { peer.stop() }
}
