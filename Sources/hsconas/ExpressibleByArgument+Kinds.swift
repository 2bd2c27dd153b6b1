import ArgumentParser
import Measurement
import Orchestrator
import SearchSpace

/// `--runtime NAME` on the commands that measure; each command names the kinds it accepts in its
/// own `validate()`.
extension RuntimeKind: ExpressibleByArgument {}

/// `--space nb201|spos`.
extension SpaceKind: ExpressibleByArgument {}

/// `--evaluator table|proxy|command`.
extension AccuracyEvaluatorKind: ExpressibleByArgument {}

/// `--decide interval|lazy|lazy-all`.
extension TargetDecisionRule: ExpressibleByArgument {}
