import Foundation
import Testing

/// `xborder bundle …` and `--bundle FILE --trust KEY.pub` on `check` and `test`, end to end.
@Suite("Policy bundles, end to end")
struct BundleCommandTests {
    /// The bundled policy files, counted as `bundle build` finds them.
    static func policyFileCount() throws -> Int {
        let root = Binary.projectRoot.appendingPathComponent("Policies")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return files.filter { ["yaml", "yml"].contains($0.pathExtension) }.count
    }

    let policies = Binary.projectRoot.appendingPathComponent("Policies").path
    let flow = Binary.projectRoot.appendingPathComponent("Scenarios/examples/retail-members.yaml").path
    let suite = Binary.projectRoot.appendingPathComponent("Scenarios/cn/provisions-bands.yaml").path

    /// A folder with a signed bundle of the bundled policies, its key pair and another key pair.
    struct Release {
        var folder: URL
        var bundle: String
        var key: String
        var other: String
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    }

    func release() throws -> Release {
        let folder = try Binary.temporaryFolder()
        let release = Release(folder: folder, bundle: folder.appendingPathComponent("policies.xbb").path,
                              key: folder.appendingPathComponent("release").path, other: folder.appendingPathComponent("other").path)
        let build = try Binary.run(["bundle", "build", policies, "--out", release.bundle])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(try Binary.run(["bundle", "keygen", "--out", release.key]).status == 0)
        #expect(try Binary.run(["bundle", "keygen", "--out", release.other]).status == 0)
        let sign = try Binary.run(["bundle", "sign", release.bundle, "--key", release.key])
        #expect(sign.status == 0, "\(sign.stderr)")
        return release
    }

    /// Runs verify, check and test against `bundle` and expects each to refuse it with exit 2
    /// and a message naming the file.
    func expectRefused(_ bundle: String, trusting key: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let runs = [
            try Binary.run(["bundle", "verify", bundle, "--trust", key]),
            try Binary.run(["check", flow, "--bundle", bundle, "--trust", key]),
            try Binary.run(["test", suite, "--bundle", bundle, "--trust", key]),
        ]
        for run in runs {
            #expect(run.status == 2, "\(what): \(run.stderr)", sourceLocation: sourceLocation)
            #expect(run.stderr.contains("\(bundle): error:"), "\(what): \(run.stderr)", sourceLocation: sourceLocation)
            #expect(run.stdout.isEmpty, "\(what): nothing may be decided", sourceLocation: sourceLocation)
        }
    }

    @Test func aSignedBundleIsAcceptedByVerifyCheckAndTest() throws {
        let release = try release()
        let verify = try Binary.run(["bundle", "verify", release.bundle, "--trust", release.key + ".pub"])
        #expect(verify.status == 0)
        #expect(verify.stdout.hasPrefix("ok: \(release.bundle): \(try Self.policyFileCount()) policy files, bundle digest sha256:"))
        #expect(verify.stdout.split(separator: "\n").count == 1)
        // Several trusted keys: any one of them may have signed.
        #expect(try Binary.run(["bundle", "verify", release.bundle, "--trust", release.other + ".pub", "--trust", release.key + ".pub"]).status == 0)

        let fromBundle = try Binary.run(["check", flow, "--bundle", release.bundle, "--trust", release.key + ".pub", "--format", "json"])
        let fromFolder = try Binary.run(["check", flow, "--policies", policies, "--format", "json"])
        #expect(fromBundle.status == 1 && fromFolder.status == 1)
        // The same decision, the same policy digest.
        #expect(fromBundle.stdout == fromFolder.stdout)

        let test = try Binary.run(["test", suite, "--bundle", release.bundle, "--trust", release.key + ".pub"])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.contains("0 failed"))
    }

    @Test func buildingTwiceGivesTheSameBytes() throws {
        let folder = try Binary.temporaryFolder()
        let a = folder.appendingPathComponent("a.xbb").path, b = folder.appendingPathComponent("b.xbb").path
        #expect(try Binary.run(["bundle", "build", policies, "--out", a]).status == 0)
        #expect(try Binary.run(["bundle", "build", policies + "/", "--out", b]).status == 0)
        #expect(FileManager.default.contents(atPath: a) == FileManager.default.contents(atPath: b))
    }

    @Test func unsignedAndForeignBundlesAreRefused() throws {
        let release = try release()
        let unsigned = release.path("unsigned.xbb")
        #expect(try Binary.run(["bundle", "build", policies, "--out", unsigned]).status == 0)
        try expectRefused(unsigned, trusting: release.key + ".pub", "unsigned")
        try expectRefused(release.bundle, trusting: release.other + ".pub", "signed by another key")
    }

    /// One byte changed in each region of the file: the header, the digest, the signature's key
    /// and value, a manifest entry, a file's content. Each is refused everywhere.
    @Test(arguments: ["\"format\": \"", "\"digest\": \"sha256:", "\"key\": \"", "\"value\": \"", "\"size\": ", "\"sha256\": \"", "\"base64\": \""])
    func aOneByteChangeInEachRegionIsRefused(_ region: String) throws {
        let release = try release()
        var bytes = try #require(FileManager.default.contents(atPath: release.bundle))
        let text = String(decoding: bytes, as: UTF8.self)
        let found = try #require(text.range(of: region))
        let offset = text.utf8.distance(from: text.startIndex, to: found.upperBound) + 2
        bytes[offset] = bytes[offset] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let altered = release.path("altered.xbb")
        try bytes.write(to: URL(fileURLWithPath: altered))
        try expectRefused(altered, trusting: release.key + ".pub", "changed after \(region)")
    }

    @Test func signingIsRefusedForAnAlteredBundleAndKeysAreNeverOverwritten() throws {
        let release = try release()
        var bytes = try #require(FileManager.default.contents(atPath: release.bundle))
        let text = String(decoding: bytes, as: UTF8.self)
        let found = try #require(text.range(of: "\"base64\": \""))
        let offset = text.utf8.distance(from: text.startIndex, to: found.upperBound) + 5
        bytes[offset] = bytes[offset] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        try bytes.write(to: URL(fileURLWithPath: release.bundle))
        let sign = try Binary.run(["bundle", "sign", release.bundle, "--key", release.key])
        #expect(sign.status == 2)
        #expect(sign.stderr.contains("does not match its manifest entry"))
        let again = try Binary.run(["bundle", "keygen", "--out", release.key])
        #expect(again.status == 2)
        #expect(again.stderr.contains("\(release.key): error:"))
    }

    @Test func auditRecordsNameTheBundleAndSigner() throws {
        let release = try release()
        let db = release.path("ledger.db")
        let verify = try Binary.run(["bundle", "verify", release.bundle, "--trust", release.key + ".pub"])
        let check = try Binary.run(["check", flow, "--bundle", release.bundle, "--trust", release.key + ".pub", "--record", "--db", db])
        #expect(check.status == 1, "\(check.stderr)")
        #expect(try Binary.run(["check", flow, "--policies", policies, "--audit", "--db", db]).status == 1)
        let export = try Binary.run(["audit", "export", "--format", "json", "--db", db])
        let records = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [[String: Any]])
        #expect(records.count == 2)
        let bundle = try #require(records.first?["bundle"] as? [String: String])
        #expect(verify.stdout.contains("bundle digest \(bundle["digest"] ?? "?"),"))
        #expect(verify.stdout.hasSuffix("signed by \(bundle["signer"] ?? "?")\n"))
        #expect(records.last?["bundle"] == nil)
        #expect(try Binary.run(["audit", "verify", "--db", db]).status == 0)
    }

    @Test func bundleOptionsGoTogether() throws {
        let release = try release()
        #expect(try Binary.run(["check", flow, "--bundle", release.bundle]).status != 0)
        #expect(try Binary.run(["check", flow, "--bundle", release.bundle, "--trust", release.key + ".pub", "--policies", policies]).status != 0)
        #expect(try Binary.run(["check", flow, "--trust", release.key + ".pub"]).status != 0)
    }
}
