import Crypto
import Foundation
import Testing
import XBorder
@testable import XBorderLedger

@Suite("signed checkpoints of the audit chain")
struct CheckpointTests {
    func setUp(_ folder: TemporaryFolder, records: Int) throws -> (Ledger, key: String) {
        let ledger = try Ledger(path: folder.path("x.db"))
        try ledger.recordSamples(records)
        let key = folder.path("signing.key")
        try SigningKeyFile.generate(path: key)
        return (ledger, key)
    }

    @Test("key files are one line of base64 of a raw 32-byte key; the private one is 0600 and never overwritten")
    func keyFiles() throws {
        let folder = try TemporaryFolder()
        let key = folder.path("k")
        #expect(try SigningKeyFile.generate(path: key) == key + ".pub")
        for path in [key, key + ".pub"] {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.hasSuffix("\n") && text.filter { $0 == "\n" }.count == 1)
            #expect(Data(base64Encoded: text.trimmingCharacters(in: .newlines))?.count == 32)
        }
        #expect(try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int == 0o600)
        #expect(try SigningKeyFile.readPrivate(path: key).publicKey.rawRepresentation
            == (try SigningKeyFile.readPublic(path: key + ".pub").rawRepresentation))
        #expect(throws: LedgerError.self) { try SigningKeyFile.generate(path: key) }
        let bad = try folder.write("bad.pub", "not a key\n")
        #expect(throws: LedgerError.self) { try SigningKeyFile.readPublic(path: bad) }
    }

    @Test("one key file format: a key made for signing bundles signs checkpoints too")
    func bundleKeysSignCheckpoints() async throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        try ledger.recordSamples(2)
        let key = folder.path("release.key")
        let verifying = try KeyFile.generate(at: key)
        #expect(try SigningKeyFile.readPublic(path: key + ".pub").rawRepresentation == verifying.raw)
        let out = folder.path("cp.json")
        _ = try await AuditCheckpoint.make(ledger: ledger, keyFile: key, path: out)
        #expect(try SigningKeyFile.readPrivate(path: key).publicKey.rawRepresentation == verifying.raw)
    }

    @Test("an intact chain that grew since verifies against its checkpoint")
    func intact() async throws {
        let folder = try TemporaryFolder()
        let (ledger, key) = try setUp(folder, records: 3)
        let out = folder.path("cp.json")
        let made = try await AuditCheckpoint.make(ledger: ledger, keyFile: key, path: out)
        #expect(made.sequence == 3)
        #expect(made.hash == (try ledger.head().hash))
        let read = try AuditCheckpoint.read(path: out, trustedKeyFile: key + ".pub")
        #expect(read == made)
        #expect(try ledger.verifyAudit(checkpoint: read).isIntact)
        let entry = Sample.entry("later")
        try ledger.record(entry, audit: Sample.audit(for: entry))
        #expect(try ledger.verifyAudit(checkpoint: read).isIntact)
    }

    @Test("a chain rewritten with recomputed hashes passes alone but fails the checkpoint")
    func rewritten() async throws {
        let folder = try TemporaryFolder()
        let (ledger, key) = try setUp(folder, records: 3)
        let out = folder.path("cp.json")
        try await AuditCheckpoint.make(ledger: ledger, keyFile: key, path: out)
        try ledger.tamper("""
            DROP TRIGGER audit_no_delete;
            DELETE FROM audit; DELETE FROM sqlite_sequence; DELETE FROM transfer;
            """)
        try ledger.recordSamples(3)
        #expect(try ledger.verifyAudit().isIntact)
        let checkpoint = try AuditCheckpoint.read(path: out, trustedKeyFile: key + ".pub")
        let problems = try ledger.verifyAudit(checkpoint: checkpoint).problems
        #expect(problems.map(\.kind) == [.checkpoint])
        #expect(problems.first?.sequence == 3)
        #expect(problems.first?.reason.contains("rewritten") == true)
    }

    @Test("a tail cut off together with sqlite's counter fails the checkpoint")
    func truncated() async throws {
        let folder = try TemporaryFolder()
        let (ledger, key) = try setUp(folder, records: 5)
        let out = folder.path("cp.json")
        try await AuditCheckpoint.make(ledger: ledger, keyFile: key, path: out)
        try ledger.tamper("""
            DROP TRIGGER audit_no_delete;
            DELETE FROM audit WHERE sequence > 3; UPDATE sqlite_sequence SET seq = 3 WHERE name = 'audit';
            DELETE FROM transfer WHERE flow_id IN (CAST('f4' AS BLOB), CAST('f5' AS BLOB));
            """)
        #expect(try ledger.verifyAudit().isIntact)
        let checkpoint = try AuditCheckpoint.read(path: out, trustedKeyFile: key + ".pub")
        let problem = try #require(try ledger.verifyAudit(checkpoint: checkpoint).problem)
        #expect(problem.kind == .checkpoint)
        #expect(problem.reason.contains("ends at record 3") && problem.reason.contains("cut off"))
    }

    @Test("a checkpoint altered, or signed by another key, is refused")
    func forged() async throws {
        let folder = try TemporaryFolder()
        let (ledger, key) = try setUp(folder, records: 2)
        let out = folder.path("cp.json")
        try await AuditCheckpoint.make(ledger: ledger, keyFile: key, path: out)
        let other = folder.path("other.key")
        try SigningKeyFile.generate(path: other)
        #expect(throws: LedgerError.self) { try AuditCheckpoint.read(path: out, trustedKeyFile: other + ".pub") }
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let altered = try folder.write("altered.json", text.replacingOccurrences(of: #""sequence":2"#, with: #""sequence":1"#))
        #expect(text.contains(#""sequence":2"#))
        do {
            _ = try AuditCheckpoint.read(path: altered, trustedKeyFile: key + ".pub")
            Issue.record("an altered checkpoint was accepted")
        } catch {
            #expect(error.description.contains("signature is not valid"))
        }
        let garbage = try folder.write("garbage.json", "{}")
        #expect(throws: LedgerError.self) { try AuditCheckpoint.read(path: garbage, trustedKeyFile: key + ".pub") }
    }
}
