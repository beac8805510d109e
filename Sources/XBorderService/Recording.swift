import Foundation
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

    /// Seconds `/readyz` waits for the store: a readiness probe is answered at once (a load
    /// balancer's probe gives up after a second or two), not after the store's own 30-second
    /// wait for a server that went away.
    static let readinessSeconds = 2.0

    /// Whether the store answers within `seconds`. A check still waiting then is cancelled and
    /// left to end on its own, without the answer waiting for it.
    func isReachable(within seconds: Double = Recording.readinessSeconds) async -> Bool {
        let store = store
        return await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            let timer = Task {
                try? await Task.sleep(for: .seconds(seconds))
                answer.give(false)
            }
            let check = Task {
                let reached = (try? await store.head()) != nil
                timer.cancel()
                answer.give(reached)
            }
            answer.onGiven = { check.cancel() }
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

/// Resumes a continuation with the first answer given; later ones are dropped.
private final class FirstAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Bool, Never>?
    private var given = false
    private var hook: (@Sendable () -> Void)?

    init(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation = continuation
    }

    /// Run once an answer is given (at once when one already was).
    var onGiven: (@Sendable () -> Void)? {
        get { nil }
        set {
            lock.lock()
            if given {
                lock.unlock()
                newValue?()
            } else {
                hook = newValue
                lock.unlock()
            }
        }
    }

    func give(_ value: Bool) {
        lock.lock()
        let waiting = continuation
        continuation = nil
        given = true
        let run = hook
        hook = nil
        lock.unlock()
        waiting?.resume(returning: value)
        if waiting != nil { run?() }
    }
}
