import Foundation
import Testing
import XBorder
@testable import XBorderScenarios

@Suite("flow-file stays inside the suite's folder")
struct SuitePathTests {
    let flow = """
        date: 2025-01-01
        exporter: {ciio: false}
        recipient: {country: DE}
        items:
          - {name: members, class: personal, individuals: 250}
        """

    func suite(_ flowFile: String) -> String {
        """
        suite: paths
        cases:
          - name: a flow from a file
            flow-file: \(flowFile)
            expect: {outcome: contract}
        """
    }

    @Test(arguments: ["/etc/passwd", "../../../../../../../../etc/passwd", "../outside.yaml", "examples/../../outside.yaml", "escape/outside.yaml"])
    func pathsOutsideAreRefusedWithoutReading(_ flowFile: String) throws {
        let fixture = try Fixture()
        try fixture.write("outside.yaml", flow)
        try fixture.write("suites/s.yaml", suite(flowFile))
        // A link inside the folder that leads out of it is outside too.
        try FileManager.default.createSymbolicLink(atPath: fixture.root + "/suites/escape", withDestinationPath: fixture.root)
        let run = fixture.run()
        let found = try #require(run.suites.first?.cases.first)
        #expect(found.status == .error)
        #expect(found.diagnostics.map(\.code) == [.invalidValue], "\(found.diagnostics)")
        #expect(found.diagnostics.first?.location.line == 4 && found.diagnostics.first?.location.column == 16)
        // Nothing of the outside file is kept to be quoted.
        #expect(!run.sources.contains { $0.path.hasSuffix("passwd") || $0.path.hasSuffix("outside.yaml") })
    }

    @Test func pathsInsideTheFolderRunFromAreRead() throws {
        let fixture = try Fixture()
        try fixture.write("suites/examples/big.yaml", flow)
        try fixture.write("suites/cn/s.yaml", suite("../examples/big.yaml"))
        let run = fixture.run()
        #expect(run.suites.first?.cases.first?.diagnostics.isEmpty == true, "\(String(describing: run.suites.first?.cases.first?.diagnostics))")
        // The same suite named on its own, outside the working directory, may not climb out of its folder.
        let alone = fixture.run(["suites/cn/s.yaml"])
        #expect(alone.suites.first?.cases.first?.diagnostics.map(\.code) == [.invalidValue])
    }

    @Test func theRootOfASuite() {
        let folder = FileManager.default.temporaryDirectory.path
        #expect(SuiteReader.root(for: folder + "/suites/a.yaml", among: [folder]) == folder)
        #expect(SuiteReader.contains("/tmp", "/tmp/a/../b.yaml"))
        #expect(!SuiteReader.contains("/tmp/a", "/tmp/a/../b.yaml"))
        #expect(!SuiteReader.contains("/tmp/a", "/tmp/ab/c.yaml"))
    }
}
