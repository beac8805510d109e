import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import XBorder
@testable import XBorderService

@Suite("openapi.yaml")
struct OpenAPITests {
    @Test("every route of the router is documented, with its method, and nothing else is")
    func routes() {
        let routed = Set(DecisionService.routes.map { "\($0.method) \($0.path)" })
        let documented = Set(Harness.documented.flatMap { path, methods in methods.keys.map { "\($0) \(path)" } })
        #expect(!routed.isEmpty)
        #expect(routed == documented)
    }

    @Test("the examples of /v1/check decide as documented")
    func examples() async throws {
        let source = SourceFile(path: "openapi.yaml", text: String(decoding: ServiceAssets.openAPI, as: UTF8.self))
        let root = try YAMLParser().parseDocument(source)
        let check = root["paths"]?["/v1/check"]?["post"]
        let requests = check?["requestBody"]?["content"]?["application/yaml"]?["examples"]?.pairs ?? []
        let responses = check?["responses"]?["200"]?["content"]?["application/json"]?["examples"]
        #expect(requests.count >= 2)
        try await Harness.service().application(host: "127.0.0.1", port: 0).test(.router) { client in
            for example in requests {
                let flow = try #require(example.value["value"]?.scalar?.text)
                let expected = try #require(responses?[example.key]?["value"], "no response example named \(example.key)")
                let response = try await Harness.send(client, .post, "/v1/check", headers: Harness.yaml(), body: flow)
                #expect(response.status == .ok)
                let body = try Harness.json(response)
                for field in expected.pairs ?? [] {
                    #expect(body[field.key] as? String == field.value.scalar?.text, "example \(example.key): \(field.key)")
                }
            }
        }
    }
}
