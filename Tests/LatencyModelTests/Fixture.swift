import Foundation

/// The test target's fixture files.
enum Fixture {
    static func url(_ name: String) -> URL {
        guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "csv") else {
            fatalError("fixture Fixtures/\(name).csv is missing from the test bundle")
        }
        return url
    }

    /// The shared benchmark data, when this machine has it (the tests that read it are skipped otherwise).
    static let sharedData = URL(fileURLWithPath: "/work/shared/data")
    static let sharedNB201 = sharedData.appendingPathComponent("nasbench201/nb201.csv")
    static var hasSharedNB201: Bool { FileManager.default.fileExists(atPath: sharedNB201.path) }
}
