"""Read an Odoo test log and print what our addons' tests did.

Odoo's own runner reports per module; we need one pytest-style verdict, and a skipped
test (a browser tour without websocket-client, say) must count as a failure, not a pass.
Output: one JSON object {"passed": N, "failed": N, "details": [...]}.
"""

import json
import re
import sys

# Odoo's own end-of-run verdicts repeat the failures already counted test by test.
RUNNER_VERDICT = re.compile(
    r"tests when loading database"
    r"|At least one test failed"
    r"|at least one error occurred in a test"
)
LINE = re.compile(
    r"^\S+ \S+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>[\w.]+): (?P<msg>.*)$"
)


def summarize(path, modules):
    test_logger = re.compile(
        r"^odoo\.addons\.(%s)\.tests\b" % "|".join(map(re.escape, modules))
    )
    started = failed = skipped = 0
    details = []
    other_errors = []
    with open(path, encoding="utf-8", errors="replace") as log:
        for raw in log:
            match = LINE.match(raw.rstrip("\n"))
            if not match:
                continue
            level, logger, msg = match["level"], match["logger"], match["msg"]
            if test_logger.match(logger):
                if msg.startswith("Starting "):
                    started += 1
                elif msg.startswith(("FAIL: ", "ERROR: ")):
                    failed += 1
                    details.append(msg.split("\n", 1)[0])
                elif msg.startswith("skipped "):
                    skipped += 1
                    details.append("SKIPPED (counts as failed): " + msg)
                elif level in ("ERROR", "CRITICAL"):
                    other_errors.append(f"{logger}: {msg}")
            elif level in ("ERROR", "CRITICAL") and not RUNNER_VERDICT.search(msg):
                other_errors.append(f"{logger}: {msg}")
    failed_total = failed + skipped + (1 if other_errors else 0)
    details.extend("ERROR logged: " + e for e in other_errors[:20])
    passed = max(started - failed - skipped, 0)
    return {
        "passed": passed,
        "failed": failed_total,
        "started": started,
        "details": details,
    }


def main():
    path, modules = sys.argv[1], sys.argv[2].split(",")
    json.dump(summarize(path, modules), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
