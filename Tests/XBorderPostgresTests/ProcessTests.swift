import Foundation
import Testing
@testable import XBorderLedger
@testable import XBorderPostgres

extension OnServer {
    /// Two desks, two processes of `xborder-serve check --record` on one PostgreSQL ledger.
    @Suite("separate processes recording into one PostgreSQL store")
    struct ProcessTests {
        static let projectRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

        /// The built `xborder-serve` next to the test bundle.
        static var binary: String {
            var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("xborder-serve").path
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
            return projectRoot.appendingPathComponent(".build/debug/xborder-serve").path
        }

        /// `count` flows of the one exporter, 3 persons each, as JSON Lines.
        static func flows(prefix: String, count: Int) -> String {
            (0..<count).map { index in
                #"{"id":"\#(prefix)-\#(index)","date":"2025-03-01","exporter":{"ciio":false,"id":"\#(Sample.exporter)","name":"Example Retail Co."},"recipient":{"country":"DE"},"items":[{"name":"members","class":"personal","individuals":3}]}"#
            }.joined(separator: "\n") + "\n"
        }

        /// Starts `xborder-serve` with its output going to files (a pipe left unread could block it).
        static func start(_ arguments: [String], in folder: TemporaryFolder, name: String) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = "1"
            environment["XBORDER_POLICY_CACHE"] = folder.path("policy-cache")
            process.environment = environment
            FileManager.default.createFile(atPath: folder.path("\(name).out"), contents: nil)
            FileManager.default.createFile(atPath: folder.path("\(name).err"), contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.path("\(name).out")))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.path("\(name).err")))
            try process.run()
            return process
        }

        static func wait(_ process: Process) async -> Int32 {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    process.waitUntilExit()
                    continuation.resume(returning: process.terminationStatus)
                }
            }
        }

        @Test("two processes checking 2 × 500 flows of one exporter with --record lose and double nothing",
              .enabled(if: FileManager.default.isExecutableFile(atPath: ProcessTests.binary), "xborder-serve is not built"))
        func twoProcesses() async throws {
            let folder = try TemporaryFolder()
            let policies = Self.projectRoot.appendingPathComponent("Tests/XBorderTests/Fixtures/mini").path
            let count = ConcurrencyTests.perWriter
            try await withDatabase { database async throws in
                // Created first, so that the two processes meet on a ready store.
                let ledger = try await database.open()
                let files = try ["one", "two"].map { try folder.write("\($0).jsonl", Self.flows(prefix: $0, count: count)) }
                let start = ContinuousClock.now
                let processes = try files.enumerated().map { index, file in
                    try Self.start(
                        ["check", file, "--policies", policies, "--record", "--db", database.url],
                        in: folder, name: "run\(index)")
                }
                var statuses: [Int32] = []
                for process in processes { statuses.append(await Self.wait(process)) }
                let elapsed = ContinuousClock.now - start
                print("postgres store: 2 xborder-serve processes, \(2 * count) records in \(elapsed)")
                for index in processes.indices {
                    let errors = (try? String(contentsOfFile: folder.path("run\(index).err"), encoding: .utf8)) ?? ""
                    #expect(statuses[index] == 0, "process \(index): \(errors.prefix(500))")
                }
                let volumes = try await ledger.volumes(exporter: Sample.exporter, year: 2025)
                let personal = volumes.first { $0.counter == "personal" }
                #expect(personal?.countedPersons == 2 * count * 3)
                #expect(personal?.transfers == 2 * count)
                let records = try await ledger.auditRecords()
                #expect(records.count == 2 * count)
                #expect(records.map(\.sequence) == (1...Int64(2 * count)).map { $0 })
                #expect(Set(records.map(\.flowID)).count == 2 * count)
                // Each decision read the prior of every flow recorded before it.
                #expect(records.map { $0.counters["personal"]?.prior ?? -1 } == (0..<(2 * count)).map { $0 * 3 })
                let verification = try await ledger.verifyAudit()
                #expect(verification.isIntact, "\(verification.problems.prefix(3))")
                // The CLI's own verify agrees.
                let verify = try Self.start(["audit", "verify", "--db", database.url], in: folder, name: "verify")
                #expect(await Self.wait(verify) == 0)
                await ledger.close()
            }
        }
    }
}
