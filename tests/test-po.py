#!/usr/bin/python3
# Checks every translation in po/LINGUAS with `msgfmt --check --statistics`: the file must
# compile, its format strings must match the English ones, and no message may be untranslated
# or fuzzy, because a fuzzy message is shown in English at run time. Output is TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import os
import re
import shutil
import subprocess
import sys

from lc_tap import Tap

STATISTICS = re.compile(r'(\d+) (translated messages?|fuzzy translations?|untranslated messages?)')


def read_languages(po_dir):
    with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as linguas:
        lines = [line.split('#', 1)[0].strip() for line in linguas]
    return [word for line in lines for word in line.split()]


def check_language(msgfmt, po_file):
    """Returns the problems with one .po file; an empty list means it is complete and valid."""
    if not os.path.isfile(po_file):
        return [f'{po_file} does not exist']
    result = subprocess.run([msgfmt, '--check', '--statistics', '--output-file=/dev/null',
                             po_file], capture_output=True, text=True, env=dict(os.environ,
                             LC_ALL='C'))
    output = result.stderr.strip()
    problems = []
    if result.returncode != 0:
        problems.append(f'msgfmt --check failed with exit code {result.returncode}:')
        problems.extend(output.splitlines())
        return problems

    counts = {'translated': 0, 'fuzzy': 0, 'untranslated': 0}
    for number, kind in STATISTICS.findall(output):
        counts[kind.split()[0]] = int(number)
    if counts['translated'] == 0:
        problems.append(f'no translated messages at all (msgfmt said: {output})')
    if counts['fuzzy']:
        problems.append(f'{counts["fuzzy"]} fuzzy messages: review them and remove the fuzzy flag')
    if counts['untranslated']:
        problems.append(f'{counts["untranslated"]} untranslated messages')
    if problems:
        problems.append(f'msgfmt said: {output}')
    return problems


def main():
    parser = argparse.ArgumentParser(description='Check that every translation is complete.')
    parser.add_argument('--po-dir', required=True)
    args = parser.parse_args()

    msgfmt = shutil.which('msgfmt')
    languages = read_languages(args.po_dir)
    if not msgfmt:
        print('1..0 # SKIP msgfmt is not installed (Debian package gettext)')
        return 77
    if not languages:
        print('not ok 1 - po/LINGUAS names at least one language')
        print('1..1')
        return 1

    tap = Tap()
    for lang in languages:
        tap.check(f'{lang}.po compiles and every message is translated',
                  check_language(msgfmt, os.path.join(args.po_dir, lang + '.po')))
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
