import Foundation

/// The files below a folder that a command reads: policies, flows, scenario suites. One walk for
/// all of them, so that hidden folders are skipped and the order is the same everywhere.
public enum FileTree {
    /// Paths of the files below `directory` whose extension is one of `extensions`, sorted;
    /// hidden files and folders, and folders named in `skipping`, are left out.
    public static func files(in directory: String, extensions: Set<String>, skipping folders: Set<String> = []) -> [String] {
        let root = directory.hasSuffix("/") ? directory : directory + "/"
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            let isDirectory = (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory
            if name.hasPrefix(".") || (isDirectory && folders.contains(name)) {
                enumerator.skipDescendants()
                continue
            }
            if !isDirectory, extensions.contains((name as NSString).pathExtension) { files.append(root + relative) }
        }
        return files.sorted()
    }
}
