import Orchestrator
import Testing

/// Config fields naming one of a few choices: an unknown name is refused with the field, the value
/// and the names allowed, like every other bad field.
@Suite("config choice fields")
struct ConfigChoiceTests {
    @Test("unknown strategy and dataset names are refused naming the field, the value and the choices")
    func unknownChoices() {
        let nb201 = MeasuredSearchTests.config()
        let cases: [(yaml: String, field: String, message: String)] = [
            (nb201.replacingOccurrences(of: "strategy: hsconas", with: "strategy: evolution"), "strategy",
             "unknown strategy 'evolution' (available: hsconas, random, regularized-evolution)"),
            (nb201.replacingOccurrences(of: "dataset: cifar10", with: "dataset: mnist"), "dataset",
             "unknown dataset 'mnist' (available: cifar10, cifar100, imagenet16-120)"),
        ]
        ConfigRefusal.expect(cases)
    }
}
