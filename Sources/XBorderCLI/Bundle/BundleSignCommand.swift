import ArgumentParser
import Foundation
import XBorder

struct BundleSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a bundle's manifest with a private key, replacing any earlier signature.",
        discussion: """
        The signature is written into the bundle file. A bundle whose files no longer match its \
        manifest is refused: signing vouches for the manifest, so it must be true.
        """
    )

    @Argument(help: ArgumentHelp("The bundle file.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The private key file (from 'xborder bundle keygen').", valueName: "key"))
    var key: String

    func run() throws {
        var archive: BundleArchive
        let signingKey: SigningKey
        do {
            archive = try BundleArchive.read(path: file)
            signingKey = try KeyFile.readSigningKey(path: key)
            let earlier = archive.signature?.key
            try archive.sign(with: signingKey)
            try write(archive)
            let replaced = earlier.map { $0 == signingKey.verifyingKey ? " (re-signed)" : " (replacing the signature by \($0.fingerprint))" } ?? ""
            Console.out("signed \(file): bundle digest \(archive.digest), key \(signingKey.verifyingKey.fingerprint)\(replaced)")
        } catch {
            throw BundleCommand.fail(error)
        }
    }

    private func write(_ archive: BundleArchive) throws(BundleError) {
        do {
            try archive.serialized().write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw .unwritable(path: file, reason: "cannot write the bundle: \(error.localizedDescription)")
        }
    }
}
