import XBorder
import XBorderLedger

/// Where `?record=true` records: the ledger of yearly volumes and the audit trail.
public struct Recording: Sendable {
    public var location: String
    public var maskNames: Bool
    public var toolVersion: String

    public init(location: String, maskNames: Bool = false, toolVersion: String) {
        self.location = location
        self.maskNames = maskNames
        self.toolVersion = toolVersion
    }

    public static func open(_ location: String, maskNames: Bool, toolVersion: String) async throws -> Recording {
        Recording(location: location, maskNames: maskNames, toolVersion: toolVersion)
    }

    public func close() async {}

    func isReachable() async -> Bool { false }

    func bound(to snapshot: PolicySnapshot) -> Bound { Bound() }

    /// The recording as one request uses it: with the policy that request decides with.
    struct Bound: Sendable {
        func decide(_ flow: ResolvedFlow) async throws -> (DecisionReport, Int64) {
            throw Problem(status: .serviceUnavailable, title: "recording unavailable", detail: "the ledger store is not available", kind: "store")
        }
    }
}
