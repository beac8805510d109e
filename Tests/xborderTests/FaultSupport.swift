import Foundation
import Testing

/// What the fault tests share: inventories with known totals, reading the ledger and the
/// trail back through the binary, and small file systems that fill up or turn read-only.
enum Fault {
    static let mini = Binary.fixtures.appendingPathComponent("mini").path

    /// A JSON Lines inventory: flow `prefix-i` of exporter `EXP-(i % exporters)` carries
    /// `i + 1` persons.
    static func inventory(_ prefix: String, count: Int, exporters: Int = 3, in folder: URL) throws -> String {
        var lines: [String] = []
        for i in 0..<count {
            lines.append(#"{"id": "\#(prefix)-\#(i)", "date": "2025-05-01", "exporter": {"ciio": false, "id": "EXP-\#(i % exporters)"}, "recipient": {"country": "DE"}, "items": [{"name": "m", "class": "personal", "individuals": \#(i + 1)}]}"#)
        }
        return try Binary.write(lines.joined(separator: "\n") + "\n", to: "\(prefix).jsonl", in: folder)
    }

    /// Persons the inventory flow `id` carries.
    static func persons(of id: String) -> Int? {
        id.split(separator: "-").last.flatMap { Int($0) }.map { $0 + 1 }
    }

    /// What the database holds, read back through the binary: the flows its audit trail
    /// recorded in the ledger, and the ledger's persons and transfers over all rows.
    struct Contents {
        var recordedFlows: Set<String>
        var auditRecords: Int
        var ledgerPersons: Int
        var ledgerTransfers: Int
    }

    static func contents(of db: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Contents {
        let export = try Binary.run(["audit", "export", "--format", "json", "--db", db])
        #expect(export.status == 0, "\(export.stderr)", sourceLocation: sourceLocation)
        let records = try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [[String: Any]] ?? []
        let show = try Binary.run(["ledger", "show", "--db", db, "--format", "json"])
        #expect(show.status == 0, "\(show.stderr)", sourceLocation: sourceLocation)
        let rows = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [[String: Any]] ?? []
        let personal = rows.filter { $0["counter"] as? String == "personal" }
        return Contents(
            recordedFlows: Set(records.filter { ($0["ledger"] as? String) != "not-recorded" }.compactMap { $0["flowID"] as? String }),
            auditRecords: records.count,
            ledgerPersons: personal.compactMap { row in
                ((row["countedPersons"] as? Int) ?? 0) + ((row["uncountedPersons"] as? Int) ?? 0)
            }.reduce(0, +),
            ledgerTransfers: personal.compactMap { $0["transfers"] as? Int }.reduce(0, +))
    }

    /// The chain verifies (which includes the ledger agreeing with it) and the ledger's totals
    /// are exactly those of the flows the trail says were recorded.
    static func expectConsistent(_ db: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Contents {
        let verify = try Binary.run(["audit", "verify", "--db", db])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)", sourceLocation: sourceLocation)
        let contents = try contents(of: db, sourceLocation: sourceLocation)
        let expected = contents.recordedFlows.compactMap(persons(of:)).reduce(0, +)
        #expect(contents.ledgerPersons == expected, sourceLocation: sourceLocation)
        #expect(contents.ledgerTransfers == contents.recordedFlows.count, sourceLocation: sourceLocation)
        return contents
    }

    /// Runs a system command, returning its status (and nothing when it cannot start).
    @discardableResult
    static func system(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Whether this machine lets the tests mount a tmpfs (root in a container that allows
    /// it, as here and in CI); fault tests that need one are skipped otherwise.
    static let canMount: Bool = {
        guard let folder = try? Binary.temporaryFolder() else { return false }
        defer { try? FileManager.default.removeItem(at: folder) }
        guard system(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder.path]) == 0 else { return false }
        system(["umount", folder.path])
        return true
    }()

    /// A small tmpfs mounted under the temporary folder for the duration of `body`.
    static func withTmpfs<T>(size: String, _ body: (URL) throws -> T) throws -> T {
        let folder = try Binary.temporaryFolder()
        try #require(system(["mount", "-t", "tmpfs", "-o", "size=\(size),mode=0700", "tmpfs", folder.path]) == 0)
        defer {
            system(["umount", folder.path])
            try? FileManager.default.removeItem(at: folder)
        }
        return try body(folder)
    }
}
