import Foundation
import Testing
@testable import XBorderLedger
@testable import XBorderPostgres

extension OnServer {
    /// A server whose disk fills up while recording: the write that fails is rolled back whole,
    /// the error says the disk is full, and recording goes on once there is room again.
    @Suite("a full disk on the PostgreSQL server")
    struct DiskFullTests {
        @Test("disk_full (SQLSTATE 53100) is a clear, environmental error and nothing of the write is kept")
        func diskFullIsMapped() async throws {
            try await withLedger { ledger, database async throws in
                try await ledger.recordSamples(2)
                // Raised where a full disk raises it: while the audit row is written, after the
                // ledger's upsert in the same transaction.
                try await database.tamper(
                    """
                    CREATE FUNCTION fill_disk() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$
                    """,
                    "CREATE TRIGGER fill_disk BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION fill_disk()")
                let entry = Sample.entry("f3", personal: 5_000)
                do {
                    _ = try await ledger.record(entry, audit: Sample.audit(for: entry))
                    Issue.record("recording on a full disk should have failed")
                } catch let error as LedgerError {
                    guard case .diskFull(let path) = error else {
                        Issue.record("expected diskFull, got \(error)")
                        return
                    }
                    #expect(path == ledger.location)
                    #expect(error.isEnvironmental)
                    #expect(error.description.contains("the disk is full"), "\(error)")
                }
                #expect(try await ledger.yearPrior() == ["personal": 2_000])
                #expect(try await ledger.auditRecords().count == 2)
                try await database.tamper("DROP TRIGGER fill_disk ON audit")
                let next = try await ledger.record(entry, audit: Sample.audit(for: entry))
                #expect(next.sequence == 3)
                #expect(try await ledger.verifyAudit().isIntact)
            }
        }

        /// The audit table moved to a tablespace on a tmpfs of 256 KiB: the server really runs
        /// out of room. Needs a server on this machine and the right to mount (root, as in CI).
        @Test("a tablespace that really fills up: recording stops with diskFull, ledger and chain agree, and resumes with room",
              .enabled(if: RealDisk.available, "needs a PostgreSQL server on this machine and the right to mount a tmpfs"))
        func realFullDisk() async throws {
            let mount = try RealDisk.mount(size: "256k")
            let tablespace = "xborder_full_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let base = try TestServer.base().database
            try await TestServer.execute(["CREATE TABLESPACE \(tablespace) LOCATION '\(mount.path)'"], in: base)
            do {
                try await withLedger { ledger, database async throws in
                    try await ledger.recordSamples(2)
                    try await database.tamper("ALTER TABLE audit SET TABLESPACE \(tablespace)")
                    var recorded = 2
                    var failure: LedgerError?
                    // 256 KiB hold a few hundred records; stop at the first failure.
                    for index in 3...5_000 {
                        let entry = Sample.entry("f\(index)", personal: 10)
                        do {
                            _ = try await ledger.record(entry, audit: Sample.audit(for: entry))
                            recorded += 1
                        } catch let error as LedgerError {
                            failure = error
                            break
                        }
                    }
                    let error = try #require(failure, "the tablespace never filled up")
                    guard case .diskFull = error else {
                        Issue.record("expected diskFull, got \(error)")
                        return
                    }
                    // The failed write left nothing: the ledger counts exactly the audited flows.
                    let records = try await ledger.auditRecords()
                    #expect(records.count == recorded)
                    let volumes = try await ledger.volumes(exporter: Sample.exporter, year: 2025)
                    #expect(volumes.first?.transfers == recorded)
                    #expect(volumes.first?.countedPersons == 2 * 1_000 + (recorded - 2) * 10)
                    #expect(try await ledger.verifyAudit().isIntact)
                    // Room again: the table back on the main disk, and recording resumes.
                    try await database.tamper("ALTER TABLE audit SET TABLESPACE pg_default")
                    let entry = Sample.entry("after", personal: 10)
                    let next = try await ledger.record(entry, audit: Sample.audit(for: entry))
                    #expect(next.sequence == Int64(recorded + 1))
                    #expect(try await ledger.verifyAudit().isIntact)
                }
            } catch {
                try? await TestServer.execute(["DROP TABLESPACE IF EXISTS \(tablespace)"], in: base)
                RealDisk.unmount(mount)
                throw error
            }
            try await TestServer.execute(["DROP TABLESPACE IF EXISTS \(tablespace)"], in: base)
            RealDisk.unmount(mount)
        }
    }
}

/// A small tmpfs the local server can write to, for a tablespace that fills up.
enum RealDisk {
    /// The user the server runs as: the owner of `.ci/postgres.sh`'s data folder.
    static var serverOwner: (uid: UInt32, gid: UInt32)? {
        let data = ProcessInfo.processInfo.environment["XBORDER_PG_DIR"].map { $0 + "/data" } ?? "/tmp/xborder-postgres/data"
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: data),
              let uid = attributes[.ownerAccountID] as? NSNumber, let gid = attributes[.groupOwnerAccountID] as? NSNumber
        else { return nil }
        return (uid.uint32Value, gid.uint32Value)
    }

    /// A server on this machine (its data folder is here) and a mount that works.
    static let available: Bool = {
        guard TestServer.url?.contains("127.0.0.1") == true || TestServer.url?.contains("localhost") == true,
              serverOwner != nil, let folder = try? mount(size: "64k")
        else { return false }
        unmount(folder)
        return true
    }()

    struct CannotMount: Error {}

    static func mount(size: String) throws -> URL {
        guard let owner = serverOwner else { throw CannotMount() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xborder-pg-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let options = "size=\(size),mode=0700,uid=\(owner.uid),gid=\(owner.gid)"
        guard run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", folder.path]) == 0 else {
            try? FileManager.default.removeItem(at: folder)
            throw CannotMount()
        }
        return folder
    }

    static func unmount(_ folder: URL) {
        _ = run(["umount", folder.path])
        try? FileManager.default.removeItem(at: folder)
    }

    static func run(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
