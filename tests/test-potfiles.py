#!/usr/bin/python3
# Keeps po/POTFILES honest: every source file with strings marked for translation must be listed,
# or its strings never reach translators, and every listed file must exist, or
# `meson compile live-concurrency-pot` fails. Also checks that every language in po/LINGUAS has
# its .po file. Output is TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import glob
import os
import re
import sys

from lc_tap import Tap

# C comments and literals are blanked out before looking for markers, so that a comment that
# mentions _() or a string that contains "_(" does not count as a translatable string.
C_NOISE = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
C_MARKER = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2?)\s*\(')
UI_MARKER = re.compile(r'translatable\s*=\s*["\']yes["\']')
SCHEMA_MARKER = re.compile(r'gettext-domain\s*=')


def c_has_strings(text):
    def blank(match):
        return '""' if match.group(0).startswith('"') else ' '
    return bool(C_MARKER.search(C_NOISE.sub(blank, text)))


def files_with_strings(root):
    """Returns the set of paths (relative to root) that contain strings marked for translation."""
    found = set()
    for pattern, has_strings in (
            ('src/**/*.c', c_has_strings),
            ('src/**/*.h', c_has_strings),
            ('data/**/*.ui', UI_MARKER.search),
            ('data/**/*.desktop.in', lambda text: True),
            ('data/**/*.metainfo.xml.in', lambda text: True),
            # A schema's summaries are only translated at run time when it names its domain.
            ('data/**/*.gschema.xml', SCHEMA_MARKER.search)):
        for path in glob.glob(os.path.join(root, pattern), recursive=True):
            with open(path, encoding='utf-8', errors='replace') as source:
                if has_strings(source.read()):
                    found.add(os.path.relpath(path, root))
    return found


def read_list(path):
    with open(path, encoding='utf-8') as listing:
        lines = [line.strip() for line in listing]
    return [line for line in lines if line and not line.startswith('#')]


def main():
    parser = argparse.ArgumentParser(description='Check po/POTFILES against the source tree.')
    parser.add_argument('--source-root', required=True)
    args = parser.parse_args()
    root = args.source_root
    po_dir = os.path.join(root, 'po')

    listed = read_list(os.path.join(po_dir, 'POTFILES'))
    tap = Tap()

    missing = [path for path in listed if not os.path.isfile(os.path.join(root, path))]
    tap.check('every file in po/POTFILES exists',
              [f'{path} is listed in po/POTFILES but does not exist' for path in missing])

    unlisted = sorted(files_with_strings(root) - set(listed))
    tap.check('every file with translatable strings is in po/POTFILES',
              [f'{path} has translatable strings but is not listed in po/POTFILES'
               for path in unlisted])

    duplicates = sorted({path for path in listed if listed.count(path) > 1})
    tap.check('po/POTFILES lists each file once',
              [f'{path} is listed more than once' for path in duplicates])

    languages = read_list(os.path.join(po_dir, 'LINGUAS'))
    without_po = [lang for lang in languages
                  if not os.path.isfile(os.path.join(po_dir, lang + '.po'))]
    not_in_linguas = sorted(os.path.basename(path)[:-3]
                            for path in glob.glob(os.path.join(po_dir, '*.po'))
                            if os.path.basename(path)[:-3] not in languages)
    tap.check('po/LINGUAS and the .po files agree',
              [f'{lang} is in po/LINGUAS but po/{lang}.po does not exist'
               for lang in without_po] +
              [f'po/{lang}.po exists but {lang} is not in po/LINGUAS, so it is never built'
               for lang in not_in_linguas])

    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
