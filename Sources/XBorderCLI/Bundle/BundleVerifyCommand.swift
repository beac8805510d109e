import ArgumentParser
import XBorder

struct BundleVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that a bundle is intact and signed by a trusted key.",
        discussion: "Exit status: 0 when it is, 2 when it is unsigned, signed by another key, or altered in any byte."
    )

    @Argument(help: ArgumentHelp("The bundle file.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("A trusted public key file (KEY.pub); repeat to trust several.", valueName: "key"))
    var trust: [String]

    func validate() throws {
        if trust.isEmpty { throw ValidationError("name the public key to trust: '--trust KEY.pub'") }
    }

    func run() throws {
        do {
            let keys = try trust.map { (path) throws(BundleError) in try KeyFile.readVerifyingKey(path: path) }
            let bundle = try VerifiedBundle.open(path: file, trusting: keys)
            let policyDigest = bundle.archive.policyDigest.map { ", policy digest \($0)" } ?? ""
            Console.out("ok: \(file): \(bundle.archive.entries.count) policy files, bundle digest \(bundle.digest)\(policyDigest), signed by \(bundle.signer.fingerprint)")
        } catch {
            throw BundleCommand.fail(error)
        }
    }
}
