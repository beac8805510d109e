import Foundation
import Testing

/// JSON is read as JSON (RFC 8259), through the built binary: what YAML would accept is refused
/// at its place, what JSON allows (surrogate pairs, CRLF) is read, and an inventory's output line
/// n answers its input line n.
@Suite("Strict JSON input")
struct StrictJSONTests {
    static func flow(_ id: String, name: String = "Example Co.", persons: Int = 150_000, tail: String = "") -> String {
        #"{"id":"\#(id)","date":"2025-06-10","exporter":{"name":"\#(name)","ciio":false},"recipient":{"country":"DE"},"items":[{"name":"members","class":"personal","individuals":\#(persons)\#(tail)}],"prior":{"personal":0}}"#
    }

    @Test func aSurrogatePairIsOneCharacter() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 𠮷 as Python's json.dumps writes it, with 北京 in \u escapes.
        let path = try Binary.write(Self.flow("S1", name: #"\u5317\u4eac\ud842\udfb7 Co."#) + "\n", to: "s.jsonl", in: folder)
        let run = try Binary.run(["check", path, "--format", "json", "--record", "--db", folder.appendingPathComponent("l.db").path])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains(#""outcome":"contract-or-certification""#))
        let show = try Binary.run(["ledger", "show", "--db", folder.appendingPathComponent("l.db").path, "--format", "json"])
        #expect(show.stdout.contains("北京𠮷 Co.") || show.stdout.contains(#"\u"#) == false, "\(show.stdout)")
    }

    @Test func whatYAMLWouldAcceptIsRefusedAtItsPlace() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = [
            Self.flow("G1"),
            Self.flow("T1", tail: ","),                       // trailing comma
            String(Self.flow("C1").dropLast(30)),              // cut short
            "{'id': 'Q1'}",                                    // single quotes
            Self.flow("H1") + " # a comment",                  // a comment
            Self.flow("G2", persons: 100),
        ]
        let path = try Binary.write(lines.joined(separator: "\n") + "\n", to: "inventory.jsonl", in: folder)
        let run = try Binary.run(["check", path, "--format", "json", "--explain", "none"])
        let out = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(out.count == lines.count + 1, "\(run.stdout)")
        #expect(out[0].contains(#""flow":"G1""#))
        #expect(out[1].hasPrefix(#"{"line":2,"error":{"code":"json-syntax""#), "\(out[1])")
        let comma = try #require(lines[1].range(of: ",}"))
        let trailing = lines[1].utf8.distance(from: lines[1].startIndex, to: comma.lowerBound) + 2   // the '}' after the comma, 1-based
        #expect(out[1].contains("inventory.jsonl:2:\(trailing)"), "\(out[1])")
        #expect(out[2].hasPrefix(#"{"line":3,"#), "the cut-short line is answered at its own line: \(out[2])")
        #expect(run.stderr.contains("inventory.jsonl:3:"))
        #expect(out[3].hasPrefix(#"{"line":4,"#) && out[3].contains("single quote"), "\(out[3])")
        #expect(out[4].hasPrefix(#"{"line":5,"#), "\(out[4])")
        #expect(out[5].contains(#""flow":"G2""#) && out[5].contains(#""outcome":"exempt""#))
        #expect(run.stderr.contains("help: JSON allows no comma before a closing bracket"))
        // Invalid lines, and a valid flow that needs a mechanism: 4, still "2 or higher".
        #expect(run.status == 4)
        #expect(run.stderr.contains("invalid 4"), "the closing tally counts them: \(run.stderr)")
    }

    @Test func crlfLinesAndBlankLinesKeepTheirPlace() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = Self.flow("R1") + "\r\n\r\n" + Self.flow("R2", persons: 100) + "\r\n"
        let path = try Binary.write(text, to: "crlf.jsonl", in: folder)
        let run = try Binary.run(["check", path, "--format", "json", "--quiet"])
        let out = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(out.count == 4 && out[1].isEmpty && out[2].contains(#""flow":"R2""#), "\(run.stdout)")
        #expect(run.status == 1)
        #expect(run.stderr.isEmpty, "--quiet prints no tally: \(run.stderr)")
    }

    /// Inventories of every small length: one answer per line, whatever shares the lines are
    /// cut into across the cores (10 lines on 2 cores once crashed).
    @Test func everySmallInventoryIsAnsweredLineByLine() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for count in [1, 2, 3, 7, 9, 10, 11, 17, 33] {
            let lines = (0..<count).map { Self.flow("L\($0)", persons: 100) }
            let path = try Binary.write(lines.joined(separator: "\n") + "\n", to: "n\(count).jsonl", in: folder)
            let run = try Binary.run(["check", path, "--format", "json", "--explain", "none", "--quiet"])
            #expect(run.status == 0, "\(count) lines: \(run.stderr)")
            let out = run.stdout.split(separator: "\n").map(String.init)
            #expect(out.count == count, "\(count) lines")
            #expect(out.enumerated().allSatisfy { $0.element.contains(#""flow":"L\#($0.offset)""#) }, "\(count) lines")
        }
    }

    @Test func aDashReadsStandardInput() throws {
        let lines = (1...3000).map { Self.flow("I\($0)", persons: $0 % 2 == 0 ? 100 : 150_000) }.joined(separator: "\n") + "\n"
        let run = try Binary.run(["check", "-", "--format", "json", "--explain", "none"], stdin: Data(lines.utf8))
        let out = run.stdout.split(separator: "\n").map(String.init)
        #expect(out.count == 3000)
        #expect(out[41].contains(#""flow":"I42""#) && out[41].contains(#""outcome":"exempt""#))
        #expect(run.stderr.contains("decided 3,000 flows"), "\(run.stderr)")
        // One pretty-printed document on standard input is one flow.
        let pretty = "{\n  \"date\": \"2025-06-10\",\n  \"exporter\": {\"ciio\": false},\n  \"recipient\": {\"country\": \"DE\"},\n  \"items\": [{\"name\": \"a\", \"class\": \"personal\", \"individuals\": 10}]\n}\n"
        let one = try Binary.run(["check", "-", "--format", "json"], stdin: Data(pretty.utf8))
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.hasPrefix("{\n  \"flow\": null"), "\(one.stdout.prefix(80))")
    }

    @Test func aJSONFileIsNotReadAsYAML() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Binary.write("date: 2025-06-10\nexporter: {ciio: false}\n", to: "flow.json", in: folder)
        let run = try Binary.run(["check", path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("flow.json:1:1: error[json-syntax]"), "\(run.stderr)")
    }
}
