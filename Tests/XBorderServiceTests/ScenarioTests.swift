import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import XBorder
import XBorderScenarios
@testable import XBorderService

@Suite("scenario suites through the service")
struct ScenarioTests {
    static func suites() -> [ScenarioSuite] {
        let found = SuiteDiscovery().find([Harness.scenarios])
        return found.files.map { path in
            var reader = SuiteReader()
            reader.root = SuiteReader.root(for: path, among: [Harness.scenarios])
            return reader.read(path: path)
        }
    }

    @Test("every scenario case in Scenarios/, posted to /v1/check, decides with its expected outcome; /metrics counts them")
    func everyCase() async throws {
        let suites = Self.suites()
        #expect(suites.count >= 10)
        let service = try Harness.service()
        try await service.application(host: "127.0.0.1", port: 0).test(.router) { client in
            var decided: [String: Int] = [:]
            var posted = 0
            for suite in suites {
                #expect(!suite.isInvalid, "\(suite.path)")
                for scenarioCase in suite.cases {
                    guard let node = scenarioCase.flow, let expectation = scenarioCase.expectation else {
                        Issue.record("case '\(scenarioCase.name)' has no flow or expectation")
                        continue
                    }
                    // A case refused while reading has no flow to post as JSON: its refusal is
                    // the reader's, which the located-diagnostics tests cover.
                    guard let located = try? FlowReader().read(node) else {
                        #expect(expectation.refused != nil, "\(scenarioCase.name) cannot be read")
                        continue
                    }
                    let response = try await Harness.send(client, .post, "/v1/check", headers: Harness.yaml("application/json"),
                                                          body: located.flow.canonicalJSON())
                    posted += 1
                    if let refused = expectation.refused {
                        #expect(response.status == .badRequest, "\(scenarioCase.name)")
                        let codes = (try Harness.json(response)["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
                        #expect(codes.contains(refused.text), "\(scenarioCase.name): \(codes)")
                        continue
                    }
                    #expect(response.status == .ok, "\(scenarioCase.name): \(Harness.text(response))")
                    let outcome = try Harness.json(response)["outcome"] as? String
                    #expect(outcome == expectation.outcome.text, "\(suite.path): \(scenarioCase.name)")
                    decided[outcome ?? "?", default: 0] += 1
                }
            }
            #expect(posted >= 100)
            let metrics = Harness.text(try await Harness.send(client, .get, "/metrics"))
            for (outcome, count) in decided {
                #expect(metrics.contains("xborder_decisions_total{outcome=\"\(outcome)\"} \(count)\n"), "\(outcome) \(count)")
            }
            #expect(metrics.contains("xborder_decision_duration_seconds_bucket{kind=\"single\""))
            #expect(metrics.contains("xborder_http_requests_total{method=\"POST\",route=\"/v1/check\",status=\"200\"}"))
        }
    }

    @Test("a suite posted to /v1/test runs with the service's policy, as JSON or JUnit XML")
    func suiteEndpoint() async throws {
        let path = Harness.projectRoot.appendingPathComponent("Scenarios/cn/counting.yaml")
        let text = try String(contentsOf: path, encoding: .utf8)
        try await Harness.service().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let json = try await Harness.send(client, .post, "/v1/test", headers: Harness.yaml(), body: text)
            #expect(json.status == .ok)
            #expect(json.headers[Header.verdict] == "passed")
            #expect(json.headers[.contentType] == "application/json")
            #expect(Harness.text(json).contains("\"passed\""))
            let junit = try await Harness.send(client, .post, "/v1/test?format=junit", headers: Harness.yaml(), body: text)
            #expect(junit.headers[.contentType] == "application/xml; charset=utf-8")
            #expect(Harness.text(junit).hasPrefix("<?xml"))
            var accept = Harness.yaml()
            accept[.accept] = "application/xml"
            #expect(Harness.text(try await Harness.send(client, .post, "/v1/test", headers: accept, body: text)).hasPrefix("<?xml"))

            let failing = text.replacingOccurrences(of: "outcome: exempt", with: "outcome: prohibited")
            let failed = try await Harness.send(client, .post, "/v1/test", headers: Harness.yaml(), body: failing)
            #expect(failed.headers[Header.verdict] == "failed")

            let invalid = try await Harness.send(client, .post, "/v1/test", headers: Harness.yaml(), body: "suite: x\ncases: 3\n")
            #expect(invalid.status == .badRequest)
        }
    }

    @Test("a posted suite cannot make the service read a file it names")
    func noFlowFiles() async throws {
        let suite = """
        suite: reads a file
        cases:
          - name: a flow file
            flow-file: /etc/passwd
            expect: {outcome: exempt}
        """
        try await Harness.service().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let response = try await Harness.send(client, .post, "/v1/test", headers: Harness.yaml(), body: suite)
            #expect(!Harness.text(response).contains("root:"))
            #expect(response.status == .badRequest || response.headers[Header.verdict] != "passed")
        }
    }
}
