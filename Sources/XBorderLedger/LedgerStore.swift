import Foundation
import GRDB

/// Where the ledger of yearly volumes and the audit trail live: an SQLite file (``Ledger``, the
/// embedded default) or a database server shared by several desks or servers.
///
/// Every store keeps the same guarantees, because the decision rests on them: a decision's
/// ledger row and its audit record are written in one transaction; the prior volume a decision
/// reads is read inside the transaction that records it, serialised with every other writer; a
/// flow recorded again replaces its row and is never counted twice; identifiers are kept as
/// their exact bytes. The pieces that decide what is written (``AuditRecord/sealed(afterSequence:previousHash:now:)``,
/// ``LedgerEntry/change(from:)``, ``AuditChainVerifier``, ``Volumes``) are shared, so two stores
/// cannot drift apart in what they record or how they verify it.
public protocol LedgerStore: Sendable {
    /// Where the store is, for messages: the file path, or the URL without its password.
    var location: String { get }
    /// True when opened for reading only: every write fails.
    var isReadOnly: Bool { get }
    /// The keyed pseudonym of an identifier under the store's own secret (`hmac-sha256:…`).
    func pseudonym(_ value: String) -> String
    /// The keyed digest of a flow's canonical JSON, written to an audit record's `flowDigest`.
    func flowDigest(ofCanonicalFlow json: String) -> String
    /// Persons per counter in the exporter's counted transfers dated inside `window`, leaving out
    /// `excludingFlow`; counters with no persons are absent.
    func prior(exporter: String, window: CountingWindow, excludingFlow: String?) async throws -> [String: Int]
    /// Upserts the entry and appends its audit record in one transaction.
    @discardableResult
    func record(_ entry: LedgerEntry, audit: AuditRecord) async throws -> AuditRecord
    /// Reads the prior inside the write transaction, while every other writer waits, lets
    /// `decide` make the entry and the record from it, and stores both before releasing them.
    func record<Extra: Sendable>(
        exporter: String, window: CountingWindow, excludingFlow: String?,
        decide: @Sendable ([String: Int]) throws -> (entry: LedgerEntry, audit: AuditRecord, extra: Extra)
    ) async throws -> (AuditRecord, Extra)
    /// Appends an audit record without touching the ledger.
    @discardableResult
    func appendAudit(_ audit: AuditRecord) async throws -> AuditRecord
    /// Audit records matching `filter`, oldest first.
    func auditRecords(filter: AuditFilter) async throws -> [AuditRecord]
    /// Walks the whole chain and the ledger and reports every break (see ``AuditChainVerifier``).
    func verifyAudit(checkpoint: AuditCheckpoint?) async throws -> AuditVerification
    /// The last record's sequence and hash (0 and the genesis hash for an empty trail).
    func head() async throws -> (sequence: Int64, hash: String)
    /// Persons per exporter, calendar year and counter.
    func volumes(exporter: String?, year: Int?) async throws -> [VolumeRow]
    /// Imports past transfers, all or nothing.
    func importTransfers(path: String, toolVersion: String) async throws -> ImportSummary
    /// Releases the store's connections; it is not used afterwards.
    func close() async
}

/// Opens a store by where it is: a path is an SQLite file; a URL (`postgres://…`) goes to the
/// opener registered for its scheme.
///
/// Openers are registered by the binary that links them (`xborder-serve` registers the
/// PostgreSQL store), so that `xborder check` links no database client it does not use.
public enum LedgerStores {
    public typealias Opener = @Sendable (_ location: String, _ readOnly: Bool) async throws -> any LedgerStore

    /// The URL schemes of database servers, registered or not: a location with one of these is
    /// never taken for a file name.
    public static let serverSchemes: Set<String> = ["postgres", "postgresql"]

    private final class Registry: @unchecked Sendable {
        // Guards `openers`; registration happens once at start, lookups are rare.
        let lock = NSLock()
        var openers: [String: Opener] = [:]
    }

    private static let registry = Registry()

    /// Makes `open` hand locations with this scheme to `opener`.
    public static func register(scheme: String, _ opener: @escaping Opener) {
        registry.lock.withLock { registry.openers[scheme.lowercased()] = opener }
    }

    /// The scheme of a server URL (`postgres` of `postgres://…`), nil for a file path.
    public static func scheme(of location: String) -> String? {
        guard let separator = location.range(of: "://") else { return nil }
        let scheme = location[..<separator.lowerBound].lowercased()
        return serverSchemes.contains(scheme) ? scheme : nil
    }

    /// Whether `location` names a database server rather than a file.
    public static func isURL(_ location: String) -> Bool { scheme(of: location) != nil }

    /// The location as messages show it: a URL without its password, whether it is given in
    /// the user part or as `?password=`; what does not parse as a URL keeps only its scheme and
    /// host part.
    public static func redacted(_ location: String) -> String {
        // Any URL, not only a server's this program can open: a mistyped scheme is shown in a
        // message too.
        guard location.contains("://") else { return location }
        guard var components = URLComponents(string: location) else {
            if let at = location.lastIndex(of: "@"), let scheme = location.range(of: "://") {
                return String(location[..<scheme.upperBound]) + "***" + String(location[at...])
            }
            return location
        }
        if components.password != nil { components.password = "***" }
        if let items = components.queryItems, items.contains(where: { $0.name == "password" }) {
            components.queryItems = items.map { $0.name == "password" ? URLQueryItem(name: "password", value: "***") : $0 }
        }
        return components.string ?? location
    }

    /// Opens (creating and migrating when writable) the store at `location`.
    public static func open(_ location: String, readOnly: Bool = false) async throws -> any LedgerStore {
        guard let scheme = scheme(of: location) else {
            return readOnly ? try Ledger.reading(path: location) : try Ledger(path: location)
        }
        let opener = registry.lock.withLock { registry.openers[scheme] }
        guard let opener else {
            throw LedgerError.cannotOpen(
                path: redacted(location),
                reason: "this program has no \(scheme):// client; run the command through xborder-serve, which has one")
        }
        return try await opener(location, readOnly)
    }
}

extension Ledger: LedgerStore {
    public var location: String { path }

    /// Records a decision whose figures depend on the prior volume, reading that prior inside
    /// the same write transaction; `extra` carries what else `decide` made (the report).
    public func record<Extra: Sendable>(
        exporter: String, window: CountingWindow, excludingFlow: String?,
        decide: @Sendable ([String: Int]) throws -> (entry: LedgerEntry, audit: AuditRecord, extra: Extra)
    ) throws -> (AuditRecord, Extra) {
        var extra: Extra?
        let stored = try record(exporter: exporter, window: window, excludingFlow: excludingFlow) { prior in
            let made = try decide(prior)
            extra = made.extra
            return (made.entry, made.audit)
        }
        // `decide` ran before anything was stored: a stored record always has its extra.
        guard let extra else { throw LedgerError.invalidAudit("the decision made nothing to record") }
        return (stored, extra)
    }

    /// Closes the database, so that SQLite folds its write-ahead log back into the file and
    /// removes it now, not whenever the last copy of the ledger happens to be released (a
    /// process may exit before that).
    ///
    /// The readers go first: the connection closed last folds the log back, and GRDB's own
    /// `close()` closes the writer first, leaving that to a read-only connection, which cannot.
    public func close() async {
        (pool as? DatabasePool)?.invalidateReadOnlyConnections()
        try? pool.close()
    }
}
