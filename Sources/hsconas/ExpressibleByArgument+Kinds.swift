import ArgumentParser
import Measurement
import Orchestrator
import SearchSpace

/// `--space nb201|spos`.
extension SpaceKind: ExpressibleByArgument {}

/// `--evaluator table|proxy|command`.
extension AccuracyEvaluatorKind: ExpressibleByArgument {}

/// `--decide interval|lazy|lazy-all`.
extension TargetDecisionRule: ExpressibleByArgument {}
