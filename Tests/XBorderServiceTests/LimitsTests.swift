import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import XBorder
@testable import XBorderService

@Suite("request limits")
struct LimitsTests {
    static let flow = "{\"id\": \"INV-001\", \"date\": \"2025-06-10\", \"exporter\": {\"name\": \"Example Retail Co.\", \"ciio\": false, \"sector\": \"retail\"}, \"recipient\": {\"country\": \"DE\"}, \"items\": [{\"name\": \"newsletter subscribers\", \"class\": \"personal\", \"individuals\": 40000}]}"

    @Test("a body over the byte limit is a 413 problem, and one at the limit is decided")
    func bodyBytes() async throws {
        let limit = Self.flow.utf8.count
        try await Harness.service(limits: ServiceLimits(maxBodyBytes: limit)).application(host: "127.0.0.1", port: 0).test(.router) { client in
            let json = Harness.yaml("application/json")
            #expect(try await Harness.send(client, .post, "/v1/check", headers: json, body: Self.flow).status == .ok)
            let over = try await Harness.send(client, .post, "/v1/check", headers: json, body: Self.flow + " ")
            #expect(over.status == .contentTooLarge)
            #expect(over.headers[.contentType] == "application/problem+json")
            #expect(try await Harness.send(client, .post, "/v1/explain", headers: json, body: Self.flow + " ").status == .contentTooLarge)
            let metrics = Harness.text(try await Harness.send(client, .get, "/metrics"))
            #expect(metrics.contains("xborder_errors_total{kind=\"too-large\"} 2\n"))
        }
    }

    @Test("a JSON Lines body over the item limit is a 413 problem; blank lines do not count")
    func items() async throws {
        try await Harness.service(limits: ServiceLimits(maxItems: 3)).application(host: "127.0.0.1", port: 0).test(.router) { client in
            let ndjson = Harness.yaml("application/x-ndjson")
            let three = Array(repeating: Self.flow, count: 3).joined(separator: "\n\n") + "\n"
            let ok = try await Harness.send(client, .post, "/v1/check", headers: ndjson, body: three)
            #expect(ok.status == .ok)
            #expect(Harness.text(ok).split(separator: "\n", omittingEmptySubsequences: false).count == 6)
            let four = three + Self.flow
            let over = try await Harness.send(client, .post, "/v1/check", headers: ndjson, body: four)
            #expect(over.status == .contentTooLarge)
            #expect(try Harness.json(over)["detail"] as? String == "the request holds 4 flows; at most 3 are decided in one request")
        }
    }

    @Test("counting the flows of a JSON Lines body")
    func counting() {
        #expect(DecisionService.countItems(Array("".utf8)) == 0)
        #expect(DecisionService.countItems(Array("a".utf8)) == 1)
        #expect(DecisionService.countItems(Array("a\n \r\n\tb\n".utf8)) == 2)
        #expect(DecisionService.countItems(Array("\n\n".utf8)) == 0)
    }
}
