import Foundation

extension BundleArchive {
    /// The bundle file's bytes, in the one layout readers accept:
    ///
    /// ```
    /// {
    ///   "format": "xborder-policy-bundle",
    ///   "version": 1,
    ///   "digest": "sha256:…",
    ///   "signature": {"algorithm": "ed25519", "key": "…", "value": "…"},
    ///   "manifest": [
    ///     {"path": "cn/pipl.yaml", "size": 1234, "sha256": "…"}
    ///   ],
    ///   "contents": [
    ///     {"path": "cn/pipl.yaml", "base64": "…"}
    ///   ]
    /// }
    /// ```
    ///
    /// `signature` is absent from an unsigned bundle. Nothing in it depends on time or on the
    /// machine, so building the same folder twice gives the same bytes.
    public func serialized() -> Data {
        let manifest = manifest
        var text = "{\n"
        text += "  \"format\": \(Self.quoted(Self.format)),\n"
        text += "  \"version\": \(Self.version),\n"
        text += "  \"digest\": \(Self.quoted(manifest.digest)),\n"
        if let signature {
            text += "  \"signature\": {\"algorithm\": \(Self.quoted(BundleSignature.algorithm)), "
            text += "\"key\": \(Self.quoted(signature.key.raw.base64EncodedString())), "
            text += "\"value\": \(Self.quoted(signature.value.base64EncodedString()))},\n"
        }
        text += "  \"manifest\": [\n"
        text += manifest.files.map { "    {\"path\": \(Self.quoted($0.path)), \"size\": \($0.size), \"sha256\": \(Self.quoted($0.sha256))}" }
            .joined(separator: ",\n")
        text += "\n  ],\n"
        text += "  \"contents\": [\n"
        text += entries.map { "    {\"path\": \(Self.quoted($0.path)), \"base64\": \(Self.quoted($0.content.base64EncodedString()))}" }
            .joined(separator: ",\n")
        text += "\n  ]\n}\n"
        return Data(text.utf8)
    }

    /// Reads a bundle file: refuses it when larger than the limit before reading it whole.
    public static func read(path: String, limits: BundleLimits = .standard) throws(BundleError) -> BundleArchive {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw .unreadable(path: path, reason: "no such bundle file")
        }
        if let type = attributes[.type] as? FileAttributeType, type == .typeDirectory {
            throw .unreadable(path: path, reason: "is a folder, not a bundle file (use --policies for a folder)")
        }
        if let size = attributes[.size] as? Int, size > limits.maxBytes {
            throw .tooLarge(path: path, bytes: size, limit: limits.maxBytes)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "the bundle file cannot be read")
        }
        return try decode(data, path: path, limits: limits)
    }

    /// Reads a bundle's bytes and checks its integrity: the shape, the paths, every file against
    /// its manifest entry, the digest, and that the bytes are exactly the canonical layout.
    /// Whether the signature is trusted is ``signer(trusting:path:)``'s question.
    public static func decode(_ data: Data, path: String, limits: BundleLimits = .standard) throws(BundleError) -> BundleArchive {
        if data.count > limits.maxBytes { throw .tooLarge(path: path, bytes: data.count, limit: limits.maxBytes) }
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: data)
        } catch {
            throw .malformed(path: path, reason: Self.reason(error))
        }
        guard wire.format == format else { throw .malformed(path: path, reason: "the format is '\(wire.format)', not '\(format)'") }
        guard wire.version == version else {
            throw .malformed(path: path, reason: "layout version \(wire.version); this tool reads version \(version)")
        }
        guard wire.manifest.count == wire.contents.count else {
            throw .malformed(path: path, reason: "the manifest lists \(wire.manifest.count) files and the bundle holds \(wire.contents.count)")
        }
        if wire.contents.count > limits.maxFiles {
            throw .malformed(path: path, reason: "\(wire.contents.count) files, more than the limit of \(limits.maxFiles)")
        }
        var entries: [BundleEntry] = []
        entries.reserveCapacity(wire.contents.count)
        for (stated, content) in zip(wire.manifest, wire.contents) {
            if let problem = BundlePath.problem(content.path, limits: limits) {
                throw .unsafePath(path: path, entry: content.path, reason: problem)
            }
            guard stated.path == content.path else {
                throw .malformed(path: path, reason: "the manifest and the contents list the files in different orders")
            }
            guard let bytes = Data(base64Encoded: content.base64) else {
                throw .malformed(path: path, reason: "the content of '\(content.path)' is not base64")
            }
            entries.append(BundleEntry(path: content.path, content: bytes))
        }
        let signature: BundleSignature?
        if let stated = wire.signature {
            guard stated.algorithm == BundleSignature.algorithm else {
                throw .malformed(path: path, reason: "signature algorithm '\(stated.algorithm)'; only '\(BundleSignature.algorithm)' is accepted")
            }
            guard let raw = Data(base64Encoded: stated.key), let key = try? VerifyingKey(raw: raw) else {
                throw .malformed(path: path, reason: "the signer's key is not a base64 Ed25519 public key")
            }
            guard let value = Data(base64Encoded: stated.value), value.count == 64 else {
                throw .malformed(path: path, reason: "the signature is not 64 bytes of base64")
            }
            signature = BundleSignature(key: key, value: value)
        } else {
            signature = nil
        }
        let archive = try BundleArchive(entries: entries, signature: signature, path: path, limits: limits)
        let manifest = archive.manifest
        // The archive sorted its entries; compare in the bundle's own order to name the right file.
        let stated = wire.manifest.map { BundleManifest.File(path: $0.path, size: $0.size, sha256: $0.sha256) }
        let actual = BundleManifest(entries: entries).files
        for (claim, fact) in zip(stated, actual) where claim != fact {
            throw .contentMismatch(path: path, entry: fact.path)
        }
        guard wire.digest == manifest.digest else { throw .digestMismatch(path: path) }
        guard archive.serialized() == data else { throw .notCanonical(path: path) }
        return archive
    }

    /// The bundle file's JSON as decoded, before any check.
    private struct Wire: Decodable {
        struct File: Decodable {
            var path: String
            var size: Int
            var sha256: String
        }
        struct Content: Decodable {
            var path: String
            var base64: String
        }
        struct Signature: Decodable {
            var algorithm: String
            var key: String
            var value: String
        }
        var format: String
        var version: Int
        var digest: String
        var signature: Signature?
        var manifest: [File]
        var contents: [Content]
    }

    /// A decoding error in words, without Swift type names.
    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "the field '\(key.stringValue)' is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "the field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            "the field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' is invalid"
        default: "not JSON"
        }
    }

    /// A JSON string literal; paths never hold control characters, but the writer escapes them
    /// anyway so that it can never produce invalid JSON.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
