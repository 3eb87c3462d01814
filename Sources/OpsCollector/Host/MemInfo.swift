import Foundation

/// /proc/meminfo: `Key:   value kB` lines.
public enum MemInfo {
    /// Every field, in bytes (`kB` values times 1024; unit-less counts as they are).
    public static func parse(_ text: String) -> [String: UInt64] {
        var fields: [String: UInt64] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let parts = line[line.index(after: colon)...].split(separator: " ")
            guard let first = parts.first, let number = UInt64(first) else { continue }
            fields[key] = parts.count > 1 && parts[1] == "kB" ? number &* 1024 : number
        }
        return fields
    }

    /// Total and available memory. `MemAvailable` is the kernel's own estimate (3.14+);
    /// older kernels get the classic free + buffers + cached.
    public static func usage(_ text: String) throws(CollectorError) -> MemoryUsage {
        let fields = parse(text)
        guard let total = fields["MemTotal"] else {
            throw CollectorError.malformed(what: "/proc/meminfo", message: "no MemTotal")
        }
        let available = fields["MemAvailable"]
            ?? (fields["MemFree"] ?? 0) &+ (fields["Buffers"] ?? 0) &+ (fields["Cached"] ?? 0)
        return MemoryUsage(totalBytes: total, availableBytes: available,
                           swapTotalBytes: fields["SwapTotal"] ?? 0, swapFreeBytes: fields["SwapFree"] ?? 0)
    }
}
