import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import XBorderLedger
@testable import XBorderPostgres

extension OnServer {
    /// Two decision services behind one load balancer, as desks run them: `xborder-serve serve` twice
    /// on one PostgreSQL ledger, recording through HTTP at once.
    @Suite("two services recording into one PostgreSQL store")
    struct ServersTests {
        /// A running `xborder-serve serve` and the port it listens on.
        struct Service {
            let process: Process
            let port: Int
            let log: String
        }

        struct NotStarted: Error, CustomStringConvertible {
            var log: String
            var description: String { "the service did not start: \(log)" }
        }

        /// Starts a service on a free port and waits until it says where it listens.
        static func serve(_ url: String, token: String, in folder: TemporaryFolder, name: String) async throws -> Service {
            let policies = ProcessTests.projectRoot.appendingPathComponent("Tests/XBorderTests/Fixtures/mini").path
            let process = try ProcessTests.start(
                ["serve", "--port", "0", "--policies", policies, "--db", url, "--token-file", token, "--log-level", "notice"],
                in: folder, name: name)
            let log = folder.path("\(name).err")
            for _ in 0..<600 {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                if let range = text.range(of: #"listening on http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression),
                   let port = Int(text[range].split(separator: ":").last ?? "")
                {
                    return Service(process: process, port: port, log: log)
                }
                if !process.isRunning { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            process.terminate()
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw NotStarted(log: String(text.suffix(800)))
        }

        /// Posts one flow for recording; returns the status and the audit sequence the service gave.
        static func record(_ flow: String, port: Int, token: String, session: URLSession) async throws -> (Int, Int64?) {
            var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/v1/check?record=true&explain=none")))
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.httpBody = Data(flow.utf8)
            let (_, response) = try await session.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            let sequence = (http.value(forHTTPHeaderField: "X-XBorder-Audit-Sequence")).flatMap { Int64($0) }
            return (http.statusCode, sequence)
        }

        static func metrics(port: Int, session: URLSession) async throws -> String {
            let (data, _) = try await session.data(from: try #require(URL(string: "http://127.0.0.1:\(port)/metrics")))
            return String(decoding: data, as: UTF8.self)
        }

        @Test("8 clients through 2 services record 2 × 500 flows of one exporter: exact totals, one intact chain",
              .enabled(if: FileManager.default.isExecutableFile(atPath: ProcessTests.binary), "xborder-serve is not built"))
        func twoServices() async throws {
            let folder = try TemporaryFolder()
            let token = try folder.write("token", "a-long-random-token-for-the-tests\n")
            let secret = "a-long-random-token-for-the-tests"
            let count = ConcurrencyTests.perWriter
            try await withDatabase { database async throws in
                // Created first, so that both services meet a ready store.
                let ledger = try await database.open()
                let services = [
                    try await Self.serve(database.url, token: token, in: folder, name: "serve-a"),
                    try await Self.serve(database.url, token: token, in: folder, name: "serve-b"),
                ]
                defer { for service in services { service.process.terminate() } }
                let flows = ["a", "b"].flatMap { prefix in
                    ProcessTests.flows(prefix: prefix, count: count).split(separator: "\n").map(String.init)
                }
                let session = URLSession(configuration: .ephemeral)
                let start = ContinuousClock.now
                // Eight clients, each sending its share in turn, alternating between the two services.
                let clients = 8
                let results = try await withThrowingTaskGroup(of: [(Int, Int64?)].self) { group in
                    for client in 0..<clients {
                        let share = stride(from: client, to: flows.count, by: clients).map { flows[$0] }
                        let port = services[client % 2].port
                        group.addTask {
                            var answers: [(Int, Int64?)] = []
                            for flow in share { answers.append(try await Self.record(flow, port: port, token: secret, session: session)) }
                            return answers
                        }
                    }
                    var all: [(Int, Int64?)] = []
                    for try await answers in group { all += answers }
                    return all
                }
                let elapsed = ContinuousClock.now - start
                print("postgres store: 8 clients through 2 services, \(flows.count) records in \(elapsed)")
                #expect(results.count == 2 * count)
                #expect(results.allSatisfy { $0.0 == 200 }, "statuses: \(Set(results.map(\.0)))")
                // Every answer names its own audit record, and no two the same one.
                let sequences = results.compactMap(\.1)
                #expect(Set(sequences).count == 2 * count)
                #expect(Set(sequences) == Set((1...Int64(2 * count)).map { $0 }))

                let volumes = try await ledger.volumes(exporter: Sample.exporter, year: 2025)
                let personal = volumes.first { $0.counter == "personal" }
                #expect(personal?.countedPersons == 2 * count * 3)
                #expect(personal?.transfers == 2 * count)
                let records = try await ledger.auditRecords(filter: AuditFilter())
                #expect(records.map(\.sequence) == (1...Int64(2 * count)).map { $0 })
                #expect(Set(records.map(\.flowID)).count == 2 * count)
                // Each decision read, in its own transaction, the prior of every flow recorded before it.
                #expect(records.map { $0.counters["personal"]?.prior ?? -1 } == (0..<(2 * count)).map { $0 * 3 })
                let verification = try await ledger.verifyAudit(checkpoint: nil)
                #expect(verification.isIntact, "\(verification.problems.prefix(3))")
                let verify = try ProcessTests.start(["audit", "verify", "--db", database.url], in: folder, name: "verify")
                #expect(await ProcessTests.wait(verify) == 0)

                // Each service counted the decisions it made; together, every one.
                var counted = 0
                for service in services {
                    let text = try await Self.metrics(port: service.port, session: session)
                    for line in text.split(separator: "\n") where line.hasPrefix("xborder_decisions_total{") {
                        counted += Int(Double(line.split(separator: " ").last ?? "") ?? 0)
                    }
                }
                #expect(counted == 2 * count)
                await ledger.close()
            }
        }
    }
}
