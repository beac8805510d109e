import Foundation

/// Ed25519 keys on disk: the raw 32-byte key as one line of base64 text and a newline.
///
/// One format for every key the tool uses (bundle signatures, audit checkpoints), small enough to
/// read with `base64 -d` and to produce with other tools. Reading and writing live in this one
/// file so that every signing feature shares them.
public enum KeyFile {
    /// Key files are one short line; anything longer is not a key file.
    static let maxBytes = 1024

    /// Creates a new key pair: the private key at `path` (mode 0600) and its public key at
    /// `path.pub`. Refuses to overwrite either file: losing a signing key cannot be undone.
    public static func generate(at path: String) throws(BundleError) -> VerifyingKey {
        let publicPath = path + ".pub"
        for existing in [path, publicPath] where FileManager.default.fileExists(atPath: existing) {
            throw .exists(path: existing)
        }
        let key = SigningKey.generate()
        try create(path, text: encode(key.raw), mode: 0o600)
        do {
            try create(publicPath, text: encode(key.verifyingKey.raw), mode: 0o644)
        } catch {
            // A private key without its public half would only confuse: take it back.
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return key.verifyingKey
    }

    /// Reads a private key file.
    public static func readSigningKey(path: String) throws(BundleError) -> SigningKey {
        do {
            return try SigningKey(raw: try read(path))
        } catch {
            throw relocated(error, to: path)
        }
    }

    /// Reads a public key file.
    public static func readVerifyingKey(path: String) throws(BundleError) -> VerifyingKey {
        do {
            return try VerifyingKey(raw: try read(path))
        } catch {
            throw relocated(error, to: path)
        }
    }

    /// The text of a key file for these raw bytes.
    public static func encode(_ raw: Data) -> String {
        raw.base64EncodedString() + "\n"
    }

    /// The raw bytes of a key file's text: one line of strict base64, surrounding whitespace allowed.
    static func decode(_ text: String, path: String) throws(BundleError) -> Data {
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !line.contains("\n"), let raw = Data(base64Encoded: line) else {
            throw .badKey(path: path, reason: "expected one line of base64")
        }
        return raw
    }

    private static func read(_ path: String) throws(BundleError) -> Data {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw .unreadable(path: path, reason: "no such key file")
        }
        if let size = attributes[.size] as? Int, size > maxBytes {
            throw .badKey(path: path, reason: "the file is \(size) bytes; a key file is one short line")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "the key file cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .badKey(path: path, reason: "the file is not text") }
        return try decode(text, path: path)
    }

    /// Key checks do not know the file they came from; put the path in.
    private static func relocated(_ error: BundleError, to path: String) -> BundleError {
        if case .badKey(_, let reason) = error { return .badKey(path: path, reason: reason) }
        return error
    }

    /// Writes a new file with `mode` from the start, so a private key is never readable by others,
    /// not even for the moment between writing and changing permissions.
    private static func create(_ path: String, text: String, mode: mode_t) throws(BundleError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else {
            throw .unwritable(path: path, reason: "cannot create the key file: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        // The umask may only remove bits; set exactly the mode asked for.
        _ = fchmod(descriptor, mode)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                throw .unwritable(path: path, reason: "cannot write the key file: \(String(cString: strerror(errno)))")
            }
            written += count
        }
    }
}
