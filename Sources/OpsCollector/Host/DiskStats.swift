import Foundation

/// /proc/diskstats: `major minor name reads merged sectors ms writes merged sectors ms
/// in-flight io_ms weighted_ms [discard and flush fields on newer kernels]`.
public enum DiskStats {
    public static func parse(_ text: String) throws(CollectorError) -> [DiskCounters] {
        var out: [DiskCounters] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 14 else {
                if fields.isEmpty { continue }
                throw CollectorError.malformed(what: "/proc/diskstats", message: "short line \"\(line.prefix(60))\"")
            }
            let numbers = fields[3..<14].map { UInt64($0) }
            guard numbers.allSatisfy({ $0 != nil }) else {
                throw CollectorError.malformed(what: "/proc/diskstats", message: "non-numeric counter for \(fields[2])")
            }
            let n = numbers.map { $0 ?? 0 }
            out.append(DiskCounters(device: String(fields[2]), readsCompleted: n[0], sectorsRead: n[2],
                                    writesCompleted: n[4], sectorsWritten: n[6], ioMilliseconds: n[9]))
        }
        return out
    }

    /// Whole physical disks only, with node_exporter's default exclusions: RAM disks,
    /// loop devices, floppies and partitions (`sda1`, `vda2`, `nvme0n1p1`, `mmcblk0p1`)
    /// would double-count the I/O of their disk.
    public static func isWholeDisk(_ device: String) -> Bool {
        for prefix in ["ram", "zram", "loop", "fd"] where device.hasPrefix(prefix) {
            if device.dropFirst(prefix.count).allSatisfy(\.isNumber) { return false }
        }
        let scalars = Array(device.unicodeScalars)
        guard let lastNonDigit = scalars.lastIndex(where: { !CharacterSet.decimalDigits.contains($0) }),
              lastNonDigit < scalars.count - 1 else { return true }
        let head = String(String.UnicodeScalarView(scalars[...lastNonDigit]))
        // sda1, hdb2, vda3, xvda1: a classic disk name followed by a partition number.
        if head.count >= 3, ["sd", "hd", "vd", "xvd"].contains(where: { head.hasPrefix($0) }),
           head.dropFirst(head.hasPrefix("xvd") ? 3 : 2).allSatisfy({ $0.isLetter }) {
            return false
        }
        // nvme0n1p1, mmcblk0p1: "p" + number after a device that ends in a digit.
        if head.hasSuffix("p"), head.dropLast().last?.isNumber == true,
           head.hasPrefix("nvme") || head.hasPrefix("mmcblk") {
            return false
        }
        return true
    }
}
