import Foundation
import Testing
import XBorderLedger
@testable import XBorderService

/// `/readyz` answers within its bound even when the store does not answer at all.
@Suite("readiness of the store")
struct ReadinessTests {
    /// A store whose server stopped answering: `head()` waits until `release()`, ignoring
    /// cancellation as a pool waiting for a connection can; everything else fails.
    final class SilentStore: LedgerStore, @unchecked Sendable {
        struct Unanswered: Error {}
        private let lock = NSLock()
        private var waiting: [CheckedContinuation<Void, Never>] = []
        private var released = false

        let location = "postgres://silent.example/ledger"
        let isReadOnly = false

        func release() {
            lock.lock()
            released = true
            let all = waiting
            waiting = []
            lock.unlock()
            for continuation in all { continuation.resume() }
        }

        func head() async throws -> (sequence: Int64, hash: String) {
            await withCheckedContinuation { continuation in
                lock.lock()
                if released {
                    lock.unlock()
                    continuation.resume()
                } else {
                    waiting.append(continuation)
                    lock.unlock()
                }
            }
            throw Unanswered()
        }

        func pseudonym(_ value: String) -> String { value }
        func flowDigest(ofCanonicalFlow json: String) -> String { json }
        func prior(exporter: String, window: CountingWindow, excludingFlow: String?) async throws -> [String: Int] { throw Unanswered() }
        func record(_ entry: LedgerEntry, audit: AuditRecord) async throws -> AuditRecord { throw Unanswered() }
        func record<Extra: Sendable>(
            exporter: String, window: CountingWindow, excludingFlow: String?,
            decide: @Sendable ([String: Int]) throws -> (entry: LedgerEntry, audit: AuditRecord, extra: Extra)
        ) async throws -> (AuditRecord, Extra) { throw Unanswered() }
        func appendAudit(_ audit: AuditRecord) async throws -> AuditRecord { throw Unanswered() }
        func auditRecords(filter: AuditFilter) async throws -> [AuditRecord] { throw Unanswered() }
        func verifyAudit(checkpoint: AuditCheckpoint?) async throws -> AuditVerification { throw Unanswered() }
        func volumes(exporter: String?, year: Int?) async throws -> [VolumeRow] { throw Unanswered() }
        func importTransfers(path: String, toolVersion: String) async throws -> ImportSummary { throw Unanswered() }
        func close() async { release() }
    }

    @Test("a store that does not answer is unreachable once the bound has passed, without waiting for it", .timeLimit(.minutes(1)))
    func silentStoreIsUnreachable() async {
        let store = SilentStore()
        let recording = Recording(store: store, toolVersion: "test")
        // The answer, not its time (a full run's timers can wait their turn): it returns at all,
        // though head() has not.
        #expect(await recording.isReachable(within: 0.2) == false)
        store.release()
    }

    @Test("a store that answers is reachable")
    func answeringStoreIsReachable() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xborder-ready-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Ledger(path: folder.appendingPathComponent("x.db").path)
        let recording = Recording(store: store, toolVersion: "test")
        #expect(await recording.isReachable())
        await recording.close()
    }
}
