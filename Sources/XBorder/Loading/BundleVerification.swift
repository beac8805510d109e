/// A bundle whose integrity and signature were checked against trusted keys: the only form in
/// which a bundle's policies can be loaded (``PolicyLoader/load(bundle:)``), so nothing can be
/// decided from a bundle that was not verified first.
public struct VerifiedBundle: Sendable {
    /// The bundle file, as named by the user.
    public let path: String
    public let archive: BundleArchive
    /// The trusted key that signed it.
    public let signer: VerifyingKey

    /// The bundle digest (``BundleManifest/digest``).
    public var digest: String { archive.digest }

    /// Reads and verifies the bundle at `path`.
    public static func open(path: String, trusting keys: [VerifyingKey], limits: BundleLimits = .standard) throws(BundleError) -> VerifiedBundle {
        try verify(try BundleArchive.read(path: path, limits: limits), path: path, trusting: keys)
    }

    /// Verifies a bundle already read.
    public static func verify(_ archive: BundleArchive, path: String, trusting keys: [VerifyingKey]) throws(BundleError) -> VerifiedBundle {
        VerifiedBundle(path: path, archive: archive, signer: try archive.signer(trusting: keys, path: path))
    }

    private init(path: String, archive: BundleArchive, signer: VerifyingKey) {
        self.path = path
        self.archive = archive
        self.signer = signer
    }
}
