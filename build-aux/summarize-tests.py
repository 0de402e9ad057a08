#!/usr/bin/env python3
# Prints one closing line, "N passed, N failed, N skipped", for one or more meson test logs
# (meson-logs/testlog*.json), so that every way of running the tests ends the same way.
# Exits with 1 when any test failed.
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path) as log:
        for line in log:
            result = json.loads(line)["result"]
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1

print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
