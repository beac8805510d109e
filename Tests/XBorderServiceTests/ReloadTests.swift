import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import XBorder
@testable import XBorderService

@Suite("reloading the policies")
struct ReloadTests {
    @Test("an edited policy is swapped in whole; a broken one is refused and the old one keeps deciding")
    func reload() async throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = try Harness.policyCopy(in: folder)
        let service = try Harness.service(holder: PolicyHolder(source: .directory(copy.path)))
        let pipl = copy.appendingPathComponent("cn/pipl.yaml")
        let original = try String(contentsOf: pipl, encoding: .utf8)
        let before = service.holder.snapshot.digest
        #expect(service.reload() == .unchanged(before))

        try original.replacingOccurrences(of: "pack: cn.pipl\n", with: "pack: cn.pipl\nversion: \"2099.1\"\n")
            .write(to: pipl, atomically: true, encoding: .utf8)
        let edited = service.reload()
        let after = service.holder.snapshot.digest
        #expect(after != before)
        #expect(edited == .reloaded(from: before, to: after))
        #expect(service.holder.snapshot.policy.packs.contains { $0.id == "cn.pipl" && $0.version == "2099.1" })

        try (original + "\nrules: [\n").write(to: pipl, atomically: true, encoding: .utf8)
        guard case .failed(let keeping, let diagnostics) = service.reload() else {
            Issue.record("a broken policy was loaded")
            return
        }
        #expect(keeping == after)
        #expect(diagnostics.contains("pipl.yaml"))
        #expect(service.holder.snapshot.digest == after)

        try await service.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let flow = try String(contentsOf: Harness.examples.appendingPathComponent("retail-members.yaml"), encoding: .utf8)
            let response = try await Harness.send(client, .post, "/v1/check", headers: Harness.yaml(), body: flow)
            #expect(response.status == .ok)
            #expect(response.headers[Header.policyDigest] == after)
            let policy = try Harness.json(try await Harness.send(client, .get, "/v1/policy"))
            #expect(policy["digest"] as? String == after)
            let metrics = Harness.text(try await Harness.send(client, .get, "/metrics"))
            #expect(metrics.contains("xborder_errors_total{kind=\"reload\"} 1\n"))
        }
    }

    @Test("a service does not start on policies that do not compile")
    func brokenAtStart() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = try Harness.policyCopy(in: folder)
        try "pack: [\n".write(to: copy.appendingPathComponent("cn/pipl.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: PolicyLoadFailure.self) { try PolicyHolder(source: .directory(copy.path)) }
    }
}
