import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import XBorder
@testable import XBorderService

@Suite("POST /v1/check and /v1/explain")
struct CheckTests {
    static let exampleFlows: [URL] = (try? FileManager.default.contentsOfDirectory(at: Harness.examples, includingPropertiesForKeys: nil))?
        .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path } ?? []

    @Test("each example flow decides byte for byte as `xborder check --format json FILE`, as YAML and as JSON")
    func identity() async throws {
        #expect(Self.exampleFlows.count >= 3)
        let service = try Harness.service()
        try await service.application(host: "127.0.0.1", port: 0).test(.router) { client in
            for file in Self.exampleFlows {
                for explain in ["both", "none", "en", "zh"] {
                    let cli = try Binary.run("xborder", ["check", "--format", "json", "--explain", explain, "--policies", Harness.policies, file.path])
                    let text = try String(contentsOf: file, encoding: .utf8)
                    let response = try await Harness.send(client, .post, "/v1/check?explain=\(explain)", headers: Harness.yaml(), body: text)
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/json")
                    #expect(Array(response.body.readableBytesView) == Array(cli.stdout), "\(file.lastPathComponent) explain=\(explain)")
                }
            }
        }
    }

    @Test("the same flow as JSON decides as it does as YAML; every YAML content type is YAML")
    func jsonAndYAMLTypes() async throws {
        let file = Harness.examples.appendingPathComponent("retail-members.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try await Harness.service().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let yaml = try await Harness.send(client, .post, "/v1/check", headers: Harness.yaml(), body: text)
            for type in ["application/x-yaml", "text/yaml", "application/yaml; charset=utf-8"] {
                let other = try await Harness.send(client, .post, "/v1/check", headers: Harness.yaml(type), body: text)
                #expect(other.body == yaml.body, "\(type)")
            }
            let line = "{\"id\": \"INV-001\", \"date\": \"2025-06-10\", \"exporter\": {\"name\": \"Example Retail Co.\", \"ciio\": false, \"sector\": \"retail\"}, \"recipient\": {\"country\": \"DE\"}, \"items\": [{\"name\": \"newsletter subscribers\", \"class\": \"personal\", \"individuals\": 40000}]}"
            let json = try await Harness.send(client, .post, "/v1/check", headers: Harness.yaml("application/json"), body: line)
            #expect(json.status == .ok)
            #expect(try Harness.json(json)["outcome"] as? String == "exempt")
        }
    }

    @Test("a JSON Lines inventory, with a bad line and a blank one, answers line for line as `xborder check` does")
    func jsonLines() async throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = try String(contentsOf: Harness.examples.appendingPathComponent("inventory.jsonl"), encoding: .utf8)
        text += "{\"id\": \"BAD\", \"date\": \"2025-13-40\"}\n\nnot json\n"
        let body = text
        try text.write(to: folder.appendingPathComponent("request.jsonl"), atomically: true, encoding: .utf8)
        try await Harness.service().application(host: "127.0.0.1", port: 0).test(.router) { client in
            for explain in ["both", "none"] {
                let cli = try Binary.run("xborder", ["check", "--format", "json", "--explain", explain, "--policies", Harness.policies, "request.jsonl"],
                                         cwd: folder)
                #expect(cli.status != 0, "the CLI reports the invalid lines")
                let response = try await Harness.send(client, .post, "/v1/check?explain=\(explain)", headers: Harness.yaml("application/x-ndjson"), body: body)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/x-ndjson")
                #expect(Array(response.body.readableBytesView) == Array(cli.stdout))
                let lines = Harness.text(response).split(separator: "\n", omittingEmptySubsequences: false)
                #expect(lines.count == body.split(separator: "\n", omittingEmptySubsequences: false).count)
                #expect(lines.contains { $0.hasPrefix("{\"line\":") })
            }
        }
    }

    @Test("explain decides byte for byte as `xborder explain --format json FILE`")
    func explain() async throws {
        try await Harness.service().application(host: "127.0.0.1", port: 0).test(.router) { client in
            for file in Self.exampleFlows {
                for lang in ["both", "en", "zh"] {
                    let cli = try Binary.run("xborder", ["explain", "--format", "json", "--lang", lang, "--policies", Harness.policies, file.path])
                    let response = try await Harness.send(client, .post, "/v1/explain?lang=\(lang)", headers: Harness.yaml(),
                                                          body: try String(contentsOf: file, encoding: .utf8))
                    #expect(response.status == .ok)
                    #expect(Array(response.body.readableBytesView) == Array(cli.stdout), "\(file.lastPathComponent) lang=\(lang)")
                }
            }
        }
    }

    @Test("a bad flow is a 400 problem locating the mistake as the CLI's JSON diagnostics do")
    func badFlowLocated() async throws {
        let flow = """
        date: 2025-06-10
        exporter: {name: Example Retail Co., ciio: false, sector: retail}
        recipient: {country: DE}
        items:
          - {name: members, class: personal, individuals: 1000, colour: blue}
        """
        try await Harness.service().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let response = try await Harness.send(client, .post, "/v1/check", headers: Harness.yaml(), body: flow)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
            let body = try Harness.json(response)
            #expect(body["status"] as? Int == 400)
            let diagnostics = body["diagnostics"] as? [[String: Any]] ?? []
            let first = try #require(diagnostics.first)
            #expect(first["code"] as? String == "unknown-key")
            #expect(first["file"] as? String == "request.yaml")
            #expect(first["line"] as? Int == 5)
            let line = "  - {name: members, class: personal, individuals: 1000, colour: blue}"
            let column = try #require(line.range(of: "colour")).lowerBound.utf16Offset(in: line) + 1
            #expect(first["column"] as? Int == column)
            #expect(Set(first.keys) == ["code", "severity", "file", "line", "column", "message", "help"])
        }
    }

    @Test("refused: another media type (415), a bad parameter (400), JSON Lines to explain (400), no flows (400), not UTF-8 (400)")
    func refusals() async throws {
        try await Harness.service().application(host: "127.0.0.1", port: 0).test(.router) { client in
            #expect(try await Harness.send(client, .post, "/v1/check", headers: Harness.yaml("text/plain"), body: "x").status == .unsupportedMediaType)
            #expect(try await Harness.send(client, .post, "/v1/check?explain=fr", headers: Harness.yaml(), body: "x").status == .badRequest)
            #expect(try await Harness.send(client, .post, "/v1/check?record=maybe", headers: Harness.yaml(), body: "x").status == .badRequest)
            #expect(try await Harness.send(client, .post, "/v1/explain", headers: Harness.yaml("application/x-ndjson"), body: "{}").status == .badRequest)
            #expect(try await Harness.send(client, .post, "/v1/check", headers: Harness.yaml("application/x-ndjson"), body: "\n \n").status == .badRequest)
            let invalid = try await client.execute(uri: "/v1/check", method: .post, headers: Harness.yaml(), body: ByteBuffer(bytes: [0x64, 0xFF, 0xFE]))
            #expect(invalid.status == .badRequest)
        }
    }
}
