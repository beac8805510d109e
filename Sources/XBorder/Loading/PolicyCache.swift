import Crypto
import Foundation

/// Compiled policies kept between runs, so that a command that decides (`check`) starts without
/// parsing, validating and compiling the same YAML again: that was most of its start-up.
///
/// A file is found by the digest of the policy files' content and is used only when everything
/// in it agrees with this run: the format, the build of the program (a new build never reads a
/// file an older one wrote), the digest just computed from the files as they are now, and a
/// checksum of the bytes. Any disagreement, and any error reading, means compiling as if there
/// were no cache; the cache never decides anything the YAML would not.
public struct PolicyCache: Sendable {
    public var directory: String
    /// What identifies the program that reads and writes the files.
    public var build: String

    public init(directory: String, build: String) {
        self.directory = directory
        self.build = build
    }

    /// The cache a command uses: `XBORDER_POLICY_CACHE` names its folder, or `off` turns it
    /// off; else `$XDG_CACHE_HOME/xborder`, else `~/.cache/xborder`. Nil when it is off or
    /// there is no such folder to use, or when the program cannot tell which build it is.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> PolicyCache? {
        var directory: String
        switch environment["XBORDER_POLICY_CACHE"] {
        case "off"?, "0"?, "no"?, "false"?: return nil
        case let path? where !path.isEmpty: directory = path
        default:
            if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
                directory = xdg + "/xborder"
            } else if let home = environment["HOME"], !home.isEmpty {
                directory = home + "/.cache/xborder"
            } else {
                return nil
            }
        }
        guard let build = executableIdentity() else { return nil }
        return PolicyCache(directory: directory, build: build)
    }

    /// The running executable's path, size and modification time: a rebuild changes them.
    static func executableIdentity() -> String? {
        guard let path = Bundle.main.executablePath else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return "\(path) \(info.st_size) \(modified.tv_sec).\(modified.tv_nsec)"
    }

    /// Changes whenever the layout of the archived policy changes.
    static let format: Int32 = 1
    static let magic: [UInt8] = Array("xborder-policy\n".utf8)

    /// The file of a digest for this build: two builds of `xborder` on one machine (an installed
    /// one and a fresh one, say) keep a file each instead of overwriting each other's at every run.
    func path(for digest: String) -> String {
        let buildTag = Hex.string(SHA256.hash(data: Data(build.utf8))).prefix(12)
        // Mapped by hand: Foundation's `replacingOccurrences` went through NSString, 0.7 million
        // instructions of every start (callgrind) to replace one character.
        return directory + "/" + String(digest.map { $0 == ":" ? "-" : $0 }) + "-" + buildTag + ".policy"
    }

    /// What a cache file holds besides the compiled policy.
    struct Entry {
        var policy: CompiledPolicy
        var ruleCount: Int
    }

    /// The compiled policy of these files, if the cache holds one that this build wrote for
    /// exactly this content; nil otherwise, whatever the reason.
    func read(digest: String, root: String) -> Entry? {
        guard let bytes = try? BoundedFile.read(path: path(for: digest), limit: ParseLimits.standard.maxBytes) else { return nil }
        return try? decode(bytes, digest: digest, root: root)
    }

    func decode(_ bytes: [UInt8], digest: String, root: String) throws(ArchiveError) -> Entry {
        guard bytes.starts(with: Self.magic) else { throw ArchiveError(offset: 0) }
        var r = ArchiveReader(Array(bytes[Self.magic.count...]))
        guard try r.int32() == Self.format, try r.string() == build, try r.string() == digest else { throw r.error() }
        let ruleCount = try r.int()
        let checksum = try r.uint64()
        let payload = Array(bytes[(Self.magic.count + r.offset)...])
        guard Self.checksum(payload) == checksum else { throw r.error() }
        let policy = try CompiledPolicy.unarchived(payload, root: root)
        guard policy.digest == digest else { throw r.error() }
        return Entry(policy: policy, ruleCount: ruleCount)
    }

    func encode(_ entry: Entry, root: String) -> [UInt8] {
        let payload = entry.policy.archived(root: root)
        var w = ArchiveWriter()
        w.int32(Self.format)
        w.string(build)
        w.string(entry.policy.digest)
        w.int(entry.ruleCount)
        w.uint64(Self.checksum(payload))
        return Self.magic + w.bytes + payload
    }

    /// Stores a compiled policy: written to a temporary file and renamed into place, so that a
    /// reader sees the old file, no file or the new one, never half of one. Failing to write
    /// (a read-only home, a full disk) is not an error: the next run compiles again.
    func write(_ entry: Entry, root: String) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try Data(encode(entry, root: root)).write(to: URL(fileURLWithPath: path(for: entry.policy.digest)), options: .atomic)
        } catch {
            return
        }
        prune()
    }

    /// How many compiled policies the folder keeps: each edit of a policy makes a new digest,
    /// and the files of past edits would otherwise pile up.
    static let kept = 8

    /// Removes all but the most recently written `kept` files. Removing one that is still
    /// wanted costs its next run one compile.
    func prune() {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return }
        let files = names.filter { $0.hasSuffix(".policy") }.map { directory + "/" + $0 }
        guard files.count > Self.kept else { return }
        let dated = files.map { path in (path, (try? manager.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast) }
        for (path, _) in dated.sorted(by: { $0.1 > $1.1 }).dropFirst(Self.kept) {
            try? manager.removeItem(atPath: path)
        }
    }

    /// The first 8 bytes of the payload's SHA-256: not a defence against anyone who can write
    /// the user's cache (they could write the policies as well), but it finds a file damaged on
    /// disk or cut short. SHA-256 rather than a hand-written hash: swift-crypto is already here,
    /// and over the bundled policies' 110 KB it costs about a fifth of a millisecond.
    static func checksum(_ bytes: [UInt8]) -> UInt64 {
        SHA256.hash(data: bytes).withUnsafeBytes { digest in
            digest.prefix(8).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        }
    }
}
