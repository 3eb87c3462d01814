import Foundation

/// Cumulative counters of one network interface.
public struct InterfaceCounters: Sendable, Equatable {
    public let device: String
    public let receiveBytes, receivePackets, receiveErrors, receiveDrops: UInt64
    public let transmitBytes, transmitPackets, transmitErrors, transmitDrops: UInt64

    public init(device: String, receiveBytes: UInt64, transmitBytes: UInt64, receivePackets: UInt64 = 0,
                transmitPackets: UInt64 = 0, receiveErrors: UInt64 = 0, transmitErrors: UInt64 = 0,
                receiveDrops: UInt64 = 0, transmitDrops: UInt64 = 0) {
        self.device = device
        self.receiveBytes = receiveBytes
        self.receivePackets = receivePackets
        self.receiveErrors = receiveErrors
        self.receiveDrops = receiveDrops
        self.transmitBytes = transmitBytes
        self.transmitPackets = transmitPackets
        self.transmitErrors = transmitErrors
        self.transmitDrops = transmitDrops
    }
}
