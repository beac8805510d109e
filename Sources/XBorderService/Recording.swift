import XBorder
import XBorderLedger

/// Where `?record=true` records: the ledger of yearly volumes and the audit trail, in the store
/// `--db` names (a SQLite file, or PostgreSQL shared by several services).
public struct Recording: Sendable {
    public let store: any LedgerStore
    public var maskNames: Bool
    public var toolVersion: String

    public init(store: any LedgerStore, maskNames: Bool = false, toolVersion: String) {
        self.store = store
        self.maskNames = maskNames
        self.toolVersion = toolVersion
    }

    /// Opens the store by its location: a path, or a `postgres://` URL whose opener the
    /// executable registered.
    public static func open(_ location: String, maskNames: Bool, toolVersion: String) async throws -> Recording {
        Recording(store: try await LedgerStores.open(location), maskNames: maskNames, toolVersion: toolVersion)
    }

    public func close() async { await store.close() }

    func isReachable() async -> Bool {
        do {
            _ = try await store.head()
            return true
        } catch {
            return false
        }
    }

    func bound(to snapshot: PolicySnapshot) -> Bound {
        Bound(recorder: DecisionRecorder(store: store, evaluator: snapshot.evaluator, maskNames: maskNames, bundle: snapshot.bundle,
                                         toolVersion: toolVersion))
    }

    /// The recording as one request uses it: with the policy that request decides with, so the
    /// audit record names the digest the response does.
    struct Bound: Sendable {
        let recorder: DecisionRecorder

        /// Decides and records in one transaction (the prior read inside it), or nothing is stored.
        func decide(_ flow: ResolvedFlow) async throws -> (DecisionReport, Int64) {
            do {
                let (report, audit) = try await recorder.decide(flow, mode: .record)
                return (report, audit.sequence)
            } catch let failure as DecisionRecorder.Failure {
                throw Problem(status: .badRequest, title: "not recorded", detail: failure.description, kind: "not-recorded")
            } catch let error as LedgerError where error.isEnvironmental {
                throw Problem(status: .serviceUnavailable, title: "the ledger cannot be written",
                              detail: "nothing was recorded: \(error)", kind: "store")
            } catch let error as LedgerError {
                throw Problem(status: .conflict, title: "not recorded", detail: "\(error)", kind: "not-recorded")
            } catch {
                throw Problem(status: .serviceUnavailable, title: "the ledger cannot be written", detail: "nothing was recorded: \(error)", kind: "store")
            }
        }
    }
}
