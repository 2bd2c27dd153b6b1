import ArgumentParser
import Measurement

/// `--runtime NAME` on the commands that measure; each command names the kinds it accepts in its
/// own `validate()`.
extension RuntimeKind: ExpressibleByArgument {}
