import Foundation
import Testing

@Suite("xborder docs")
struct DocsCommandTests {
    @Test func writesTheHandbookIntoAFolder() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("handbook").path
        let policies = Binary.projectRoot.appendingPathComponent("Policies").path
        let run = try Binary.run(["docs", policies, "--out", out, "--as-of", "2025-06-10"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("law as of 2025-06-10"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        for name in ["index.html", "cases.html", "vocabulary.html", "pack-cn.provisions.html", "list-lingang.gdl.icv.html",
                     "catalog-cn.catalog.html", "handbook.css", "handbook.js"] {
            #expect(files.contains(name), "missing \(name)")
        }
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(index.contains("2025-06-10"))
        // The Lin-gang ICV list is valid 2024-05-17 to 2025-05-16: ended on 2025-06-10.
        let icv = try String(contentsOfFile: out + "/list-lingang.gdl.icv.html", encoding: .utf8)
        #expect(icv.contains("ended 2025-05-16"))
    }

    @Test func refusesABadDateAndAnInvalidFolder() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = try Binary.run(["docs", "--out", folder.path, "--as-of", "2025-13-01"])
        #expect(bad.status == 64 || bad.status == 2, "\(bad.status) \(bad.stderr)")
        #expect(bad.stderr.contains("--as-of"))
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let invalid = try Binary.run(["docs", empty.path, "--out", folder.appendingPathComponent("out").path])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("error"))
    }
}
