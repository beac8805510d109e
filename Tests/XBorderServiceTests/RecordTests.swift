import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import XBorder
@testable import XBorderService

@Suite("recording decisions")
struct RecordTests {
    static let token = "a-long-random-token-for-tests-0123456789"

    static func bearer(_ token: String, type: String = "application/yaml") -> HTTPFields {
        var headers = Harness.yaml(type)
        headers[.authorization] = "Bearer \(token)"
        return headers
    }

    static var flow: String {
        get throws { try String(contentsOf: Harness.examples.appendingPathComponent("retail-members.yaml"), encoding: .utf8) }
    }

    @Test("without --token-file recording is refused with 403, saying why; deciding still works")
    func noToken() async throws {
        try await Harness.service().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let refused = try await Harness.send(client, .post, "/v1/check?record=true", headers: Self.bearer(Self.token), body: try Self.flow)
            #expect(refused.status == .forbidden)
            #expect((try Harness.json(refused)["detail"] as? String)?.contains("--token-file") == true)
            #expect(try await Harness.send(client, .post, "/v1/check?record=false", headers: Harness.yaml(), body: try Self.flow).status == .ok)
        }
    }

    @Test("with a SQLite ledger: no token 401, a wrong token 403, the token records, and each record follows the last")
    func record() async throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let recording = try await Recording.open(folder.appendingPathComponent("ledger.db").path, maskNames: false, toolVersion: "test")
        let service = try Harness.service(token: Self.token, recording: recording)
        try await service.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let missing = try await Harness.send(client, .post, "/v1/check?record=true", headers: Harness.yaml(), body: try Self.flow)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let wrong = try await Harness.send(client, .post, "/v1/check?record=true", headers: Self.bearer(Self.token + "x"), body: try Self.flow)
            #expect(wrong.status == .forbidden)
            let short = try await Harness.send(client, .post, "/v1/check?record=true", headers: Self.bearer("a"), body: try Self.flow)
            #expect(short.status == .forbidden)

            let plain = try await Harness.send(client, .post, "/v1/check", headers: Harness.yaml(), body: try Self.flow)
            let recorded = try await Harness.send(client, .post, "/v1/check?record=true", headers: Self.bearer(Self.token), body: try Self.flow)
            #expect(recorded.status == .ok, "\(Harness.text(recorded))")
            #expect(recorded.headers[Header.auditSequence] == "1")
            #expect(recorded.body == plain.body)
            let again = try await Harness.send(client, .post, "/v1/check?record=true", headers: Self.bearer(Self.token), body: try Self.flow)
            #expect(again.headers[Header.auditSequence] == "2")

            let noID = try String(contentsOf: Harness.examples.appendingPathComponent("retail-members.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "id: T-2025-0042\n", with: "")
            let refused = try await Harness.send(client, .post, "/v1/check?record=true", headers: Self.bearer(Self.token), body: noID)
            #expect(refused.status == .badRequest)
            #expect((try Harness.json(refused)["detail"] as? String)?.contains("'id' is required") == true)

            let batch = try await Harness.send(client, .post, "/v1/check?record=true", headers: Self.bearer(Self.token, type: "application/x-ndjson"),
                                               body: LimitsTests.flow)
            #expect(batch.status == .badRequest)

            let ready = try Harness.json(try await Harness.send(client, .get, "/readyz"))
            #expect(ready["store"] as? String == "reachable")
        }
        await recording.close()
    }
}
