import Crypto
import Foundation
import Testing
@testable import XBorderLedger

@Suite("hashes an auditor can recompute")
struct HashByHandTests {
    @Test("sha-256 of the stored line with hash emptied is the hash, and links the next record")
    func recomputeFromExportedLine() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let records = try ledger.recordSamples(2)
        let line = try records[0].canonicalJSON()
        let emptied = line.replacingOccurrences(of: "\"hash\":\"\(records[0].hash)\"", with: "\"hash\":\"\"")
        #expect(emptied != line)
        let digest = SHA256.hash(data: Data(emptied.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect("sha256:" + digest == records[0].hash)
        #expect(records[1].previousHash == records[0].hash)
    }
}
