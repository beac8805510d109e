import Foundation

/// The files below a folder that a command reads: policies, flows, scenario suites. One walk for
/// all of them, so that hidden folders are skipped and the order is the same everywhere.
///
/// Symbolic links are followed alike for folders and files: a policy folder reached through a
/// link is read as if it were there, never skipped. A link that leads back to a folder the walk
/// is already inside (a loop) is not followed and is reported; nothing is left out silently.
public enum FileTree {
    /// What a walk found: the files, and why any part of the tree could not be walked.
    public struct Listing: Sendable {
        public var files: [String]
        public var problems: [Diagnostic]
    }

    /// Paths of the files below `directory` whose extension is one of `extensions`, sorted;
    /// hidden files and folders, and folders named in `skipping`, are left out. Problems (loops,
    /// folders that cannot be listed) come with the listing: callers report them.
    public static func walk(_ directory: String, extensions: Set<String>, skipping folders: Set<String> = []) -> Listing {
        var listing = Listing(files: [], problems: [])
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var ancestors: Set<FileID> = []
        if let id = FileID(path: directory) { ancestors.insert(id) }
        visit(root, extensions: extensions, skipping: folders, ancestors: &ancestors, into: &listing)
        listing.files.sort()
        return listing
    }

    /// The files of `walk`, for callers that report problems of their own.
    public static func files(in directory: String, extensions: Set<String>, skipping folders: Set<String> = []) -> [String] {
        walk(directory, extensions: extensions, skipping: folders).files
    }

    /// A file's identity whatever the path that reaches it: what tells a loop of links.
    struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64

        /// The identity of what `path` resolves to, following links; nil if it resolves to nothing.
        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            self.init(info)
        }

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    private static func visit(_ folder: String, extensions: Set<String>, skipping: Set<String>, ancestors: inout Set<FileID>,
                              into listing: inout Listing) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "/" : folder)
        } catch {
            listing.problems.append(Diagnostic(.unreadable, "the folder '\(folder)' cannot be listed", at: SourceLocation(path: folder, line: 1, column: 1),
                                               help: "check that it exists and may be read"))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = folder + "/" + name
            let matches = extensions.contains((name as NSString).pathExtension)
            var info = stat()
            guard stat(path, &info) == 0 else {
                // A link to nothing, or a loop of file links: kept when its name says it is wanted,
                // so that reading it says why it cannot be read.
                if matches { listing.files.append(path) }
                continue
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                if matches { listing.files.append(path) }
                continue
            }
            if skipping.contains(name) { continue }
            let id = FileID(info)
            if ancestors.contains(id) {
                listing.problems.append(Diagnostic(.linkLoop, "the link '\(path)' leads back to a folder it is in; it is not followed",
                                                   at: SourceLocation(path: path, line: 1, column: 1),
                                                   help: "point the link at a folder outside this tree, or remove it"))
                continue
            }
            ancestors.insert(id)
            visit(path, extensions: extensions, skipping: skipping, ancestors: &ancestors, into: &listing)
            ancestors.remove(id)
        }
    }
}
