import Foundation
import Testing

/// Recording under faults, driving the built binary: killed processes, a full disk, a
/// read-only store and many recorders at once. Each run must end in success or a clear error,
/// with a chain that verifies and a ledger whose totals are exactly the recorded flows'.
@Suite("recording under faults", .serialized)
struct FaultTests {
    /// kill -9 at random points of a recording, many times, each on a fresh database.
    @Test func killNineAtRandomPoints() throws {
        let started = ContinuousClock.now
        var generator = SystemRandomNumberGenerator()
        var trials = 0
        var partial = 0
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inventory = try Fault.inventory("K", count: 300, in: folder)
        // 30 trials, but never more than 35 seconds of them on a loaded machine.
        while trials < 30 && ContinuousClock.now - started < .seconds(35) {
            let db = folder.appendingPathComponent("trial-\(trials)/x.db").path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.arguments = ["check", inventory, "--policies", Fault.mini, "--record", "--db", db, "--format", "json"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // From before the database exists to well into the recording.
            Thread.sleep(forTimeInterval: Double.random(in: 0.005...0.8, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            trials += 1
            guard FileManager.default.fileExists(atPath: db) else { continue }
            // Killed while creating the file: a clear message, and the next writer carries on.
            let verify = try Binary.run(["audit", "verify", "--db", db])
            if verify.status == 2 {
                #expect(verify.stderr.contains("holds no ledger yet"), "\(verify.stderr)")
            } else {
                let contents = try Fault.expectConsistent(db)
                if !contents.recordedFlows.isEmpty && contents.recordedFlows.count < 300 { partial += 1 }
            }
            // Every fifth killed database is recorded to the end: nothing lost, nothing doubled.
            if trials % 5 == 0 {
                let rest = try Binary.run(["check", inventory, "--policies", Fault.mini, "--record", "--db", db, "--format", "json"])
                #expect([0, 1].contains(rest.status), "\(rest.stderr.suffix(500))")
                #expect(try Fault.expectConsistent(db).recordedFlows.count == 300)
            }
        }
        print("kill -9: \(trials) trials, \(partial) killed mid-recording, \(ContinuousClock.now - started)")
        #expect(trials >= 10)
        #expect(partial >= 1)
    }

    /// Eight recorders on one new file at once: every one succeeds, nothing is lost or doubled.
    @Test func eightParallelRecorders() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("shared/x.db").path
        let inventories = try (0..<8).map { try Fault.inventory("P\($0)", count: 15, exporters: 2, in: folder) }
        let processes = try inventories.map { inventory in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.arguments = ["check", inventory, "--policies", Fault.mini, "--record", "--db", db, "--format", "json"]
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            return (process, errors)
        }
        for (process, errors) in processes {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            // 0 or 1 are decisions; a database error would be 3 (and must then say why).
            #expect([0, 1].contains(process.terminationStatus), "\(text)")
        }
        let contents = try Fault.expectConsistent(db)
        #expect(contents.recordedFlows.count == 8 * 15)
        #expect(contents.auditRecords == 8 * 15)
    }

    /// A full disk: exit 3, the error printed once, recording stopped, ledger and chain
    /// consistent; with space again, recording resumes.
    @Test(.enabled(if: Fault.canMount, "mount is not permitted here: the full-disk test needs root"))
    func fullDisk() throws {
        try Fault.withTmpfs(size: "600k") { mount in
            let folder = try Binary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let inventory = try Fault.inventory("F", count: 300, in: folder)
            let db = mount.appendingPathComponent("ledger/x.db").path
            let run = try Binary.run(["check", inventory, "--policies", Fault.mini, "--record", "--db", db, "--format", "json"])
            #expect(run.status == 3, "\(run.stderr.suffix(500))")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.filter { $0.contains("disk is full") }.count == 1, "\(run.stderr.suffix(800))")
            #expect(lines.filter { $0.contains("recording stopped") }.count == 1)
            #expect(lines.first { $0.contains("disk is full") }?.hasPrefix(inventory + ":") == true)
            let before = try Fault.expectConsistent(db)
            #expect(before.recordedFlows.count > 0 && before.recordedFlows.count < 300)
            #expect(Fault.system(["mount", "-o", "remount,size=64m", mount.path]) == 0)
            let again = try Binary.run(["check", inventory, "--policies", Fault.mini, "--record", "--db", db, "--format", "json"])
            #expect([0, 1].contains(again.status), "\(again.stderr.suffix(500))")
            #expect(try Fault.expectConsistent(db).recordedFlows.count == 300)
        }
    }

    /// A database on a read-only file system: verify, show and export work; recording fails
    /// with a clear error and status 3.
    @Test(.enabled(if: Fault.canMount, "mount is not permitted here: the read-only test needs root"))
    func readOnlyStore() throws {
        try Fault.withTmpfs(size: "8m") { mount in
            let folder = try Binary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let inventory = try Fault.inventory("R", count: 20, in: folder)
            let db = mount.appendingPathComponent("ledger/x.db").path
            #expect([0, 1].contains(try Binary.run(["check", inventory, "--policies", Fault.mini, "--record", "--db", db]).status))
            #expect(Fault.system(["mount", "-o", "remount,ro", mount.path]) == 0)
            defer { Fault.system(["mount", "-o", "remount,rw", mount.path]) }
            #expect(try Fault.expectConsistent(db).recordedFlows.count == 20)
            let show = try Binary.run(["ledger", "show", "--db", db])
            #expect(show.status == 0, "\(show.stderr)")
            let export = try Binary.run(["audit", "export", "--format", "jsonl", "--db", db])
            #expect(export.status == 0 && export.stdout.split(separator: "\n").count == 20)
            let record = try Binary.run(["check", inventory, "--policies", Fault.mini, "--record", "--db", db])
            #expect(record.status == 3, "\(record.stderr)")
            #expect(record.stderr.contains(db))
            #expect(!FileManager.default.fileExists(atPath: db + "-wal"))
        }
    }
}
