import Foundation
import Testing
@testable import XBorderLedger
@testable import XBorderPostgres

extension OnServer {
    /// The same decisions recorded in an SQLite file and on PostgreSQL read back the same through
    /// the commands a desk uses: `ledger show --format json` alike, `audit verify` alike.
    @Suite("one ledger, two stores: the commands say the same")
    struct BothStoresTests {
        func output(_ arguments: [String], in folder: TemporaryFolder, name: String) async throws -> (status: Int32, out: String) {
            let process = try ProcessTests.start(arguments, in: folder, name: name)
            let status = await ProcessTests.wait(process)
            return (status, (try? String(contentsOfFile: folder.path("\(name).out"), encoding: .utf8)) ?? "")
        }

        @Test("ledger show and audit verify agree between an SQLite file and PostgreSQL",
              .enabled(if: FileManager.default.isExecutableFile(atPath: ProcessTests.binary), "xborder-serve is not built"))
        func sameOutput() async throws {
            let folder = try TemporaryFolder()
            let policies = ProcessTests.projectRoot.appendingPathComponent("Tests/XBorderTests/Fixtures/mini").path
            // Two exporters, two years, flows re-recorded with other figures, a NUL-free odd name.
            var lines = ProcessTests.flows(prefix: "s", count: 40).split(separator: "\n").map(String.init)
            lines += lines.prefix(5).map { $0.replacingOccurrences(of: #""individuals":3"#, with: #""individuals":30000"#) }
            lines += ProcessTests.flows(prefix: "t", count: 10).split(separator: "\n").map {
                $0.replacingOccurrences(of: "2025-03-01", with: "2026-01-15")
                    .replacingOccurrences(of: Sample.exporter, with: "91110000MA00000001")
            }
            let inventory = try folder.write("inventory.jsonl", lines.joined(separator: "\n") + "\n")
            try await withDatabase { database async throws in
                let sqlite = folder.path("ledger.db")
                var shows: [String] = []
                var verifies: [String] = []
                for (index, db) in [sqlite, database.url].enumerated() {
                    let check = try await output(["check", inventory, "--policies", policies, "--record", "--db", db, "--quiet"], in: folder, name: "check\(index)")
                    #expect([0, 1].contains(check.status))
                    let show = try await output(["ledger", "show", "--db", db, "--format", "json"], in: folder, name: "show\(index)")
                    #expect(show.status == 0)
                    shows.append(show.out)
                    let verify = try await output(["audit", "verify", "--db", db], in: folder, name: "verify\(index)")
                    #expect(verify.status == 0, "\(verify.out)")
                    // The last line names the head's hash, which differs (ids and times differ).
                    verifies.append(verify.out.split(separator: "\n").first.map(String.init) ?? "")
                }
                #expect(shows[0] == shows[1])
                #expect(shows[0].contains("91110000MA00000001") && shows[0].contains("2026"))
                #expect(verifies[0] == verifies[1] && verifies[0].contains("55 records"), "\(verifies)")
            }
        }
    }
}
