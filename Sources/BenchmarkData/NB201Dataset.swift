/// The three NAS-Bench-201 datasets and the table columns a search uses for each.
///
/// Selection uses the *validation* accuracy of the NAS-Bench-201 v1.1 release; results also
/// report the 200-epoch NATS-Bench *test* accuracy, the headline number of the benchmark.
public enum NB201Dataset: String, Sendable, Codable, CaseIterable {
    case cifar10
    case cifar100
    case imagenet16_120 = "imagenet16-120"

    /// Column used for selection.
    public var validColumn: String {
        switch self {
        case .cifar10: "c10valid_valid_acc_nb201v11"
        case .cifar100: "c100_valid_acc_nb201v11"
        case .imagenet16_120: "in16_valid_acc_nb201v11"
        }
    }

    /// Column reported as the result's test accuracy.
    public var testColumn: String {
        switch self {
        case .cifar10: "c10_test_acc"
        case .cifar100: "c100_test_acc"
        case .imagenet16_120: "in16_test_acc"
        }
    }
}
