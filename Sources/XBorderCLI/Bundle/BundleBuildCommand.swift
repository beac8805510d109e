import ArgumentParser
import Foundation
import XBorder

struct BundleBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Write the policy files of a folder, and their manifest, into one bundle file.",
        discussion: """
        The folder's policies must compile: a bundle is a release, and a release that cannot be \
        loaded helps nobody. The same folder always gives the same bytes. The bundle is unsigned \
        until 'xborder bundle sign'.
        """
    )

    @Argument(help: ArgumentHelp("The policy folder.", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("The bundle file to write.", valueName: "file"))
    var out: String

    func run() throws {
        let archive: BundleArchive
        do {
            archive = try BundleArchive.build(directory: directory)
        } catch {
            throw BundleCommand.fail(error)
        }
        let loaded = PolicyLoader().load(entries: archive.entries, origin: directory)
        guard let policy = loaded.policy else {
            let errors = loaded.diagnostics.filter { $0.severity == .error }
            Console.error(loaded.renderer.render(errors))
            Console.error("error: the policies in '\(directory)' have \(errors.count) error(s); no bundle was written")
            throw ExitStatus.invalid
        }
        do {
            try archive.serialized().write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            Console.error("\(out): error: cannot write the bundle: \(error.localizedDescription)")
            throw ExitStatus.failure
        }
        Console.out("built \(out): \(archive.entries.count) policy files, bundle digest \(archive.digest), policy digest \(policy.digest) (unsigned)")
    }
}
