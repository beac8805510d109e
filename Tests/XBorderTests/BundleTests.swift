import Foundation
import Testing
@testable import XBorder

/// Policy bundles: deterministic building, loading from memory with the folder's digest, and
/// refusal of every alteration, unsafe path, missing signature and untrusted signer.
@Suite("Policy bundles")
struct BundleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let policies = root.appendingPathComponent("Policies").path
    let mini = Support.fixtures.appendingPathComponent("mini").path

    func signed(_ folder: String, key: SigningKey = .generate()) throws -> (BundleArchive, SigningKey) {
        var archive = try BundleArchive.build(directory: folder)
        try archive.sign(with: key)
        return (archive, key)
    }

    @Test func buildingIsDeterministicAndRoundTrips() throws {
        let first = try BundleArchive.build(directory: mini), second = try BundleArchive.build(directory: mini + "/")
        #expect(first.serialized() == second.serialized())
        #expect(first.entries.map(\.path) == ["bands.yaml", "list.yaml", "negative.yaml", "vocabulary.yaml"])
        let read = try BundleArchive.decode(first.serialized(), path: "mini.xbb")
        #expect(read == first)
        #expect(read.signature == nil)
    }

    @Test func signingKeepsTheDigestAndRoundTrips() throws {
        let unsigned = try BundleArchive.build(directory: mini)
        let (archive, key) = try signed(mini)
        #expect(archive.digest == unsigned.digest)
        let read = try BundleArchive.decode(archive.serialized(), path: "mini.xbb")
        #expect(try read.signer(trusting: [key.verifyingKey], path: "mini.xbb") == key.verifyingKey)
    }

    /// The bundled policies give the same compiled policy and policy digest from a bundle as
    /// from their folder, so audit records and reports agree whichever way they were loaded.
    @Test func bundleLoadsLikeItsFolder() throws {
        let (archive, key) = try signed(Self.policies)
        let verified = try VerifiedBundle.verify(archive, path: "p.xbb", trusting: [key.verifyingKey])
        let fromBundle = PolicyLoader().load(bundle: verified), fromFolder = PolicyLoader().load(directory: Self.policies)
        let bundled = try #require(fromBundle.policy), folder = try #require(fromFolder.policy)
        #expect(bundled.digest == folder.digest)
        #expect(archive.policyDigest == folder.digest)
        #expect(fromBundle.ruleCount == fromFolder.ruleCount && fromBundle.fileCount == fromFolder.fileCount)
        #expect(bundled.rules.map(\.id) == folder.rules.map(\.id))
    }

    @Test func diagnosticsNameTheFileInsideTheBundle() throws {
        let entries = [BundleEntry(path: "cn/broken.yaml", content: Data("kind: [unclosed".utf8))]
        let result = PolicyLoader().load(entries: entries, origin: "p.xbb")
        #expect(result.policy == nil)
        #expect(result.diagnostics.contains { $0.location.path == "p.xbb/cn/broken.yaml" && $0.code == .yamlSyntax })
    }

    /// Every byte of a signed bundle, changed, is refused: by the reader (shape,
    /// layout, content or digest) or by the signature check. Nothing gets through.
    @Test func everyOneByteChangeIsRefused() throws {
        let (archive, key) = try signed(mini)
        let bytes = [UInt8](archive.serialized())
        var accepted: [Int] = []
        for index in bytes.indices {
            for flip: UInt8 in [0x01] {
                var altered = bytes
                altered[index] ^= flip
                do {
                    let read = try BundleArchive.decode(Data(altered), path: "mini.xbb")
                    _ = try read.signer(trusting: [key.verifyingKey], path: "mini.xbb")
                    accepted.append(index)
                } catch {}
            }
        }
        #expect(accepted.isEmpty, "changes at offsets \(accepted) were accepted")
    }

    @Test func contentChangeIsNamed() throws {
        let (archive, _) = try signed(mini)
        var text = String(decoding: archive.serialized(), as: UTF8.self)
        let marker = try #require(text.range(of: "\"base64\": \""))
        let at = text.index(marker.upperBound, offsetBy: 8)
        text.replaceSubrange(at...at, with: text[at] == "A" ? "B" : "A")
        #expect(throws: BundleError.contentMismatch(path: "b", entry: "bands.yaml")) { try BundleArchive.decode(Data(text.utf8), path: "b") }
    }

    @Test func unsignedAndForeignBundlesAreRefused() throws {
        let unsigned = try BundleArchive.build(directory: mini)
        let mine = SigningKey.generate().verifyingKey
        #expect(throws: BundleError.unsigned(path: "b")) { try unsigned.signer(trusting: [mine], path: "b") }
        let (archive, key) = try signed(mini)
        #expect(throws: BundleError.untrustedSigner(path: "b", fingerprint: key.verifyingKey.fingerprint)) {
            try archive.signer(trusting: [mine], path: "b")
        }
        #expect(try archive.signer(trusting: [mine, key.verifyingKey], path: "b") == key.verifyingKey)
    }

    /// A signature copied from another bundle (a valid signature, of another manifest) fails.
    @Test func aSignatureOfAnotherManifestFails() throws {
        let key = SigningKey.generate()
        let (other, _) = try signed(Self.policies, key: key)
        var archive = try BundleArchive.build(directory: mini)
        archive.signature = other.signature
        let read = try BundleArchive.decode(archive.serialized(), path: "b")
        #expect(throws: BundleError.badSignature(path: "b")) { try read.signer(trusting: [key.verifyingKey], path: "b") }
    }

    @Test(arguments: ["../x.yaml", "a/../../x.yaml", "/etc/x.yaml", "a//b.yaml", "./a.yaml", ".hidden/a.yaml", "a\\b.yaml",
                      "a\nb.yaml", "x.txt", "cn/", ""])
    func unsafePathsAreRefused(_ path: String) throws {
        let text = Self.handWritten([(path, Data("a: 1\n".utf8))])
        #expect {
            try BundleArchive.decode(Data(text.utf8), path: "b")
        } throws: { error in
            guard case .unsafePath(_, let entry, _) = error as? BundleError else { return false }
            return entry == path
        }
    }

    @Test func duplicatePathsAreRefused() throws {
        // "é" precomposed and decomposed: two byte strings, one name.
        for pair in [("a.yaml", "a.yaml"), ("caf\u{e9}.yaml", "cafe\u{301}.yaml")] {
            let text = Self.handWritten([(pair.0, Data("a: 1\n".utf8)), (pair.1, Data("b: 2\n".utf8))])
            #expect {
                try BundleArchive.decode(Data(text.utf8), path: "b")
            } throws: { error in
                guard case .unsafePath(_, _, let reason) = error as? BundleError else { return false }
                return reason.contains("twice")
            }
        }
    }

    @Test func limitsAreEnforced() throws {
        let data = try BundleArchive.build(directory: mini).serialized()
        #expect(throws: BundleError.tooLarge(path: "b", bytes: data.count, limit: 100)) {
            try BundleArchive.decode(data, path: "b", limits: BundleLimits(maxBytes: 100, maxFiles: 10, maxPathBytes: 100))
        }
        #expect(throws: BundleError.self) {
            try BundleArchive.decode(data, path: "b", limits: BundleLimits(maxBytes: 1 << 20, maxFiles: 2, maxPathBytes: 100))
        }
        #expect(throws: BundleError.self) {
            try BundleArchive.decode(data, path: "b", limits: BundleLimits(maxBytes: 1 << 20, maxFiles: 10, maxPathBytes: 5))
        }
    }

    @Test func nonCanonicalLayoutIsRefused() throws {
        let data = try BundleArchive.build(directory: mini).serialized()
        let text = String(decoding: data, as: UTF8.self)
        for altered in [text.replacingOccurrences(of: "\"version\": 1,", with: "\"version\":1,"), text + "\n",
                        text.replacingOccurrences(of: "\"format\"", with: "\"extra\": 1, \"format\"")] {
            #expect(throws: BundleError.notCanonical(path: "b")) { try BundleArchive.decode(Data(altered.utf8), path: "b") }
        }
        #expect(throws: BundleError.self) { try BundleArchive.decode(Data("[]".utf8), path: "b") }
        #expect(throws: BundleError.self) { try BundleArchive.decode(Data(), path: "b") }
    }

    @Test func keyFilesRoundTripAndArePrivate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xborder-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("signing").path
        let generated = try KeyFile.generate(at: path)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: path + ".pub", encoding: .utf8)
        #expect(text.hasSuffix("\n") && text.split(separator: "\n").count == 1 && Data(base64Encoded: String(text.dropLast()))?.count == 32)
        #expect(try KeyFile.readSigningKey(path: path).verifyingKey == generated)
        #expect(try KeyFile.readVerifyingKey(path: path + ".pub") == generated)
        #expect(throws: BundleError.exists(path: path)) { try KeyFile.generate(at: path) }
        let bad = folder.appendingPathComponent("bad.pub").path
        try "not a key\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(throws: BundleError.self) { try KeyFile.readVerifyingKey(path: bad) }
        try (Data(repeating: 7, count: 16).base64EncodedString() + "\n").write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(throws: BundleError.self) { try KeyFile.readVerifyingKey(path: bad) }
    }

    /// A bundle's JSON written by hand, with correct digests, so that the reader's own checks
    /// (not the writer's, which refuses such paths first) are what refuses it.
    static func handWritten(_ files: [(path: String, content: Data)]) -> String {
        let manifest = BundleManifest(entries: files.map { BundleEntry(path: $0.path, content: $0.content) })
        let listed = manifest.files.map { "{\"path\": \(BundleArchive.quoted($0.path)), \"size\": \($0.size), \"sha256\": \"\($0.sha256)\"}" }
        let contents = files.map { "{\"path\": \(BundleArchive.quoted($0.path)), \"base64\": \"\($0.content.base64EncodedString())\"}" }
        return """
        {"format": "xborder-policy-bundle", "version": 1, "digest": "\(manifest.digest)",
        "manifest": [\(listed.joined(separator: ","))], "contents": [\(contents.joined(separator: ","))]}
        """
    }
}
