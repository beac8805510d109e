import Foundation
import Testing
@testable import XBorder

@Suite("File tree: links to folders and files are followed alike, loops are refused")
struct FileTreeTests {
    let fm = FileManager.default

    /// A policy folder holding the mini pack's vocabulary and list, with its rules (bands.yaml)
    /// in a folder elsewhere reached through a link.
    func policiesWithLinkedRules() throws -> URL {
        let root = try Support.temporaryFolder()
        let policies = root.appendingPathComponent("policies"), elsewhere = root.appendingPathComponent("elsewhere/rules")
        try fm.createDirectory(at: policies, withIntermediateDirectories: true)
        try fm.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        for name in ["vocabulary.yaml", "list.yaml"] {
            try fm.copyItem(at: Support.fixtures.appendingPathComponent("mini/\(name)"), to: policies.appendingPathComponent(name))
        }
        try fm.copyItem(at: Support.fixtures.appendingPathComponent("mini/bands.yaml"), to: elsewhere.appendingPathComponent("bands.yaml"))
        try fm.createSymbolicLink(at: policies.appendingPathComponent("rules"), withDestinationURL: elsewhere)
        return policies
    }

    @Test func aLinkedFolderIsWalkedLikeAFolder() throws {
        let policies = try policiesWithLinkedRules()
        let listing = FileTree.walk(policies.path, extensions: ["yaml"])
        #expect(listing.problems.isEmpty)
        #expect(listing.files.map { ($0 as NSString).lastPathComponent } == ["list.yaml", "bands.yaml", "vocabulary.yaml"])
        #expect(listing.files.contains(policies.path + "/rules/bands.yaml"))
        let loaded = PolicyLoader().load(directory: policies.path)
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.fileCount == 3)
        let policy = try #require(loaded.policy)
        let report = try Support.decide(Support.simple("core", 1), policy)
        #expect(report.outcome == "prohibited")
    }

    @Test func aLinkedFileIsAFile() throws {
        let root = try Support.temporaryFolder()
        try "x: 1\n".write(to: root.appendingPathComponent("real.txt"), atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(at: root.appendingPathComponent("linked.yaml"), withDestinationURL: root.appendingPathComponent("real.txt"))
        #expect(FileTree.walk(root.path, extensions: ["yaml"]).files == [root.path + "/linked.yaml"])
    }

    @Test func aLoopIsReportedAndNotFollowed() throws {
        let root = try Support.temporaryFolder()
        let sub = root.appendingPathComponent("sub")
        try fm.createDirectory(at: sub, withIntermediateDirectories: true)
        try "a: 1\n".write(to: sub.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(at: sub.appendingPathComponent("back"), withDestinationURL: root)
        let listing = FileTree.walk(root.path, extensions: ["yaml"])
        #expect(listing.files == [sub.path + "/a.yaml"])
        #expect(listing.problems.map(\.code) == [.linkLoop])
        #expect(listing.problems.first?.location.path == sub.path + "/back")
        // A policy folder with a loop does not load.
        let loaded = PolicyLoader().load(directory: root.path)
        #expect(loaded.policy == nil)
        #expect(loaded.diagnostics.contains { $0.code == .linkLoop })
    }

    @Test func aLinkToNothingIsKeptSoThatReadingItSaysWhy() throws {
        let root = try Support.temporaryFolder()
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("gone.yaml").path, withDestinationPath: "/nonexistent/gone.yaml")
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("a.yaml").path, withDestinationPath: root.appendingPathComponent("b.yaml").path)
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("b.yaml").path, withDestinationPath: root.appendingPathComponent("a.yaml").path)
        let listing = FileTree.walk(root.path, extensions: ["yaml"])
        #expect(listing.files.map { ($0 as NSString).lastPathComponent } == ["a.yaml", "b.yaml", "gone.yaml"])
        let loaded = PolicyLoader().load(directory: root.path)
        #expect(loaded.diagnostics.filter { $0.code == .unreadable }.count == 3)
    }

    @Test func hiddenAndSkippedFoldersStayOut() throws {
        let root = try Support.temporaryFolder()
        for folder in [".git", "examples", "kept"] {
            try fm.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            try "a: 1\n".write(to: root.appendingPathComponent("\(folder)/a.yaml"), atomically: true, encoding: .utf8)
        }
        #expect(FileTree.walk(root.path + "/", extensions: ["yaml"], skipping: ["examples"]).files == [root.path + "/kept/a.yaml"])
    }
}
