/// The tool's identity, written into audit records so that a decision can be traced to the build
/// that made it.
public enum ToolInfo {
    public static let version = "0.1.0"
}
