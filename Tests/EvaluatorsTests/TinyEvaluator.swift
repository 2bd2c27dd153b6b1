import Foundation
import TestSupport

/// A tiny evaluator script using `Python/hsconas_evaluator.py`, written into a fresh folder per
/// test. Architectures steer it: `crash` exits mid-job, `hang` sleeps, `garbage` prints a
/// non-protocol line on the real stdout, `wrong-id` answers another job, `raise` throws,
/// `chatty` prints (which must land in the log), anything else answers its length as accuracy.
enum TinyEvaluator {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static let script = """
        import json, os, sys, time
        sys.path.insert(0, sys.argv[1])
        from hsconas_evaluator import serve

        real_stdout = sys.stdout

        def evaluate(space, architecture, settings):
            sys.stderr.write("evaluating %s\\n" % architecture)
            if architecture == "crash":
                os._exit(3)
            if architecture == "hang":
                time.sleep(60)
            if architecture == "garbage":
                real_stdout.write("loading weights... 42%\\n")
                real_stdout.flush()
            if architecture == "wrong-id":
                real_stdout.write(json.dumps({"id": "someone-else", "metrics": {"valid_accuracy": 1}}) + "\\n")
                real_stdout.flush()
            if architecture == "raise":
                raise RuntimeError("no such path in the supernet")
            if architecture == "chatty":
                print("a print from user code")
            if architecture == "no-valid":
                return {"test_accuracy": 1.0}
            return {"valid_accuracy": float(len(architecture)), "test_accuracy": 50.0,
                    "pid": os.getpid(), "scale": float(settings.get("scale", "1"))}

        serve(evaluate, name="tiny", version="0.1")
        """

    /// Writes the script into `directory` and returns the command that runs it.
    static func command(in directory: URL) throws -> String {
        let url = directory.appendingPathComponent("tiny_eval.py")
        try script.write(to: url, atomically: true, encoding: .utf8)
        return "python3 '\(url.path)' '\(repository.appendingPathComponent("Python").path)'"
    }

    static func directory(_ label: String) throws -> URL {
        try TestFolder.make(label)
    }
}
