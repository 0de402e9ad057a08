# The TAP output of the Python checks of Live Concurrency: one "ok" or "not ok" line per check,
# what went wrong as comments under it, and the plan at the end, so that meson shows which
# promise broke. Every check script imports it from its own folder.
#
# SPDX-License-Identifier: GPL-3.0-or-later


class Tap:
    """Prints TAP results and remembers whether any check failed."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, name, problems, notes=()):
        """Reports one check: it passed if problems is empty. Notes are printed either way."""
        self.count += 1
        self.failed += bool(problems)
        print(f'{"not ok" if problems else "ok"} {self.count} - {name}')
        for line in list(problems) + [f'note: {note}' for note in notes]:
            print(f'# {line}')

    def skip(self, name, reason):
        self.count += 1
        print(f'ok {self.count} - {name} # SKIP {reason}')

    def finish(self):
        """Prints the plan and returns the exit status of the whole script."""
        print(f'1..{self.count}')
        return 1 if self.failed else 0
