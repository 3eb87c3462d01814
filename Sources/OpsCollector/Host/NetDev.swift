import Foundation

/// /proc/net/dev: two header lines, then `iface: rx(8 fields) tx(8 fields)`.
public enum NetDev {
    /// Interfaces in file order. The name is split off at the colon, not at a space:
    /// old kernels print `eth0:123456` with no space once the counter is wide.
    public static func parse(_ text: String) throws(CollectorError) -> [InterfaceCounters] {
        var out: [InterfaceCounters] = []
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let device = line[..<colon].trimmingCharacters(in: .whitespaces)
            // Header lines contain "|" and no colon-separated device.
            guard !device.isEmpty, !device.contains("|") else { continue }
            let fields = line[line.index(after: colon)...].split(separator: " ").compactMap { UInt64($0) }
            guard fields.count >= 16 else {
                throw CollectorError.malformed(what: "/proc/net/dev", message: "interface \(device) has \(fields.count) counters, expected 16")
            }
            out.append(InterfaceCounters(device: device, receiveBytes: fields[0], transmitBytes: fields[8],
                                         receivePackets: fields[1], transmitPackets: fields[9],
                                         receiveErrors: fields[2], transmitErrors: fields[10],
                                         receiveDrops: fields[3], transmitDrops: fields[11]))
        }
        return out
    }
}
