import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import XBorder
@testable import XBorderService

@Suite("routes")
struct RouteTests {
    @Test("the page, its script and style sheet, and the OpenAPI document are served with their types")
    func assets() async throws {
        let app = try Harness.service().application(host: "127.0.0.1", port: 0)
        try await app.test(.router) { client in
            let cases: [(String, String, [UInt8])] = [
                ("/", "text/html; charset=utf-8", PackageResources.index_html),
                ("/app.js", "text/javascript; charset=utf-8", PackageResources.app_js),
                ("/style.css", "text/css; charset=utf-8", PackageResources.style_css),
                ("/openapi.yaml", "application/yaml; charset=utf-8", PackageResources.openapi_yaml),
            ]
            for (path, type, bytes) in cases {
                let response = try await Harness.send(client, .get, path)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == type)
                #expect(Array(response.body.readableBytesView) == bytes)
            }
        }
    }

    @Test("healthz and readyz answer; readyz names the policy and that there is no store")
    func health() async throws {
        let service = try Harness.service()
        try await service.application(host: "127.0.0.1", port: 0).test(.router) { client in
            #expect(try await Harness.send(client, .get, "/healthz").status == .ok)
            let ready = try await Harness.send(client, .get, "/readyz")
            #expect(ready.status == .ok)
            let body = try Harness.json(ready)
            #expect(body["policy"] as? String == service.holder.snapshot.digest)
            #expect(body["store"] as? String == "none")
        }
    }

    @Test("the policy document names the digest, the packs and the periods")
    func policy() async throws {
        let service = try Harness.service()
        try await service.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let response = try await Harness.send(client, .get, "/v1/policy")
            let body = try Harness.json(response)
            #expect(body["digest"] as? String == service.holder.snapshot.digest)
            let packs = body["packs"] as? [[String: Any]] ?? []
            #expect(packs.count == service.holder.snapshot.policy.packs.count)
            #expect(packs.contains { $0["id"] as? String == "cn.pipl" })
            let periods = body["periods"] as? [String] ?? []
            #expect(!periods.isEmpty)
            #expect(periods == periods.sorted())
            #expect(!(body["parameters"] as? [Any] ?? []).isEmpty)
        }
    }

    @Test("the vocabulary has every section with bilingual labels, and the catalogue with classes")
    func vocabulary() async throws {
        let service = try Harness.service()
        try await service.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let body = try Harness.json(try await Harness.send(client, .get, "/v1/vocabulary"))
            let sections = body["sections"] as? [String: [[String: String]]] ?? [:]
            let expected = VocabularySection.allCases.map(\.rawValue) + ["scenarios", "categories"]
            #expect(Set(sections.keys) == Set(expected))
            let outcomes = sections["outcomes"]?.compactMap { $0["code"] } ?? []
            #expect(outcomes == service.holder.snapshot.policy.table(.outcomes).codes)
            #expect(sections["outcomes"]?.allSatisfy { !($0["en"] ?? "").isEmpty && !($0["zh"] ?? "").isEmpty } == true)
            let classes = Set(sections["classes"]?.compactMap { $0["code"] } ?? [])
            let catalog = body["catalog"] as? [[String: Any]] ?? []
            #expect(catalog.contains { $0["code"] as? String == "customer.contact" })
            #expect(catalog.allSatisfy { classes.contains($0["class"] as? String ?? "") })
        }
    }

    @Test("an unknown route is a 404 as problem JSON")
    func notFound() async throws {
        try await Harness.service().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let response = try await client.execute(uri: "/v1/nothing", method: .get)
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }
}
