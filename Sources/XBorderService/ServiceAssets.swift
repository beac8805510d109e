/// The files the service serves as they are, compiled into the binary.
enum ServiceAssets {
    static var openAPI: [UInt8] { PackageResources.openapi_yaml }
}
