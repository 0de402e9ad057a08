#!/usr/bin/python3
# Checks the Flatpak manifest offline against the rest of the tree: it parses, it names the same
# app id as the launcher entry, the AppStream metadata and the GSettings schema, its command is
# the GUI binary meson builds and installs, it builds the app with meson from this repository
# with the tests on, and the sandbox holes it asks for are only the ones the app needs: network
# for the POLYV API, a display, IPC and the GPU. The keyring is reached through the secret
# portal, so no D-Bus name and no file system access is ever needed. Output is TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import configparser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from lc_tap import Tap

ALLOWED_FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
}
REQUIRED_FINISH_ARGS = {'--share=network', '--socket=wayland'}
OLDEST_GNOME_RUNTIME = 50


def load_manifest(path):
    """Parses the manifest the way flatpak-builder does when it is installed, else as plain JSON.

    Returns (manifest, problems, notes)."""
    with open(path, encoding='utf-8') as manifest_file:
        try:
            manifest = json.load(manifest_file)
        except json.JSONDecodeError as error:
            return None, [f'{path} is not valid JSON: {error}'], []

    builder = shutil.which('flatpak-builder')
    if not builder:
        return manifest, [], ['flatpak-builder is not installed: checked as plain JSON only']

    # --show-manifest leaves a .flatpak-builder state folder in the working directory, so it
    # runs in a throwaway one.
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run([builder, '--show-manifest', os.path.abspath(path)],
                                cwd=scratch, capture_output=True, text=True)
    if result.returncode != 0:
        return None, [f'flatpak-builder --show-manifest failed: {result.stderr.strip()}'], []
    shown = json.loads(result.stdout)
    problems = [f'flatpak-builder reads "{key}" as {shown.get(key)!r}, not {manifest.get(key)!r}'
                for key in ('id', 'app-id', 'command', 'finish-args')
                if shown.get(key) != manifest.get(key)]
    return shown, problems, ['parsed by flatpak-builder --show-manifest']


def desktop_exec(path):
    parser = configparser.RawConfigParser(interpolation=None)
    parser.optionxform = str
    with open(path, encoding='utf-8') as desktop:
        parser.read_file(desktop)
    return parser['Desktop Entry'].get('Exec', '').split()[:1]


def check_app_id(tap, manifest, args):
    manifest_id = manifest.get('id', manifest.get('app-id'))
    names = {
        'the manifest': manifest_id,
        'meson (app_id)': args.app_id,
        'the desktop file name': os.path.basename(args.desktop).removesuffix('.desktop'),
    }
    metainfo = ET.parse(args.metainfo).getroot()
    names['the metainfo <id>'] = metainfo.findtext('id')
    for launchable in metainfo.findall('launchable[@type="desktop-id"]'):
        names['the metainfo desktop-id launchable'] = launchable.text.removesuffix('.desktop')

    notes = []
    if os.path.isfile(args.gschema):
        schemas = ET.parse(args.gschema).getroot().findall('schema')
        names['the GSettings schema id'] = schemas[0].get('id') if schemas else None
    else:
        notes.append(f'{args.gschema} does not exist yet: the schema id was not compared')

    problems = [f'{where} says {value!r}, but the manifest says {manifest_id!r}'
                for where, value in names.items() if value != manifest_id]
    tap.check('the manifest, launcher, metainfo and schema share one app id', problems, notes)


def read_targets(build_root):
    """Returns the targets meson is configured to build, from its introspection data, or None."""
    targets_file = os.path.join(build_root, 'meson-info', 'intro-targets.json')
    if not os.path.isfile(targets_file):
        return None
    with open(targets_file, encoding='utf-8') as targets:
        return json.load(targets)


def check_command(tap, manifest, args):
    command = manifest.get('command')
    problems = []
    notes = []
    if command != args.command:
        problems.append(f'the manifest runs {command!r}, but the GUI binary is {args.command!r}')
    if desktop_exec(args.desktop) != [command]:
        problems.append(f'the desktop file starts {desktop_exec(args.desktop)}, '
                        f'the manifest {command!r}')

    targets = read_targets(args.build_root)
    if targets is None:
        notes.append('meson-info/intro-targets.json is missing: checked the expected name only')
        targets = []
    executables = {t['name']: t.get('installed', False)
                   for t in targets if t.get('type') == 'executable'}
    # The GUI is expected once src/app defines any target; before that, and in a build
    # configured with -Dapp=false, only the expected name can be checked.
    app_dir = os.path.join(args.source_root, 'src', 'app')
    app_started = args.app_enabled and any(
        os.path.dirname(os.path.abspath(t.get('defined_in', ''))) == os.path.abspath(app_dir)
        for t in targets)
    if command in executables:
        if not executables[command]:
            problems.append(f'meson builds {command} but does not install it, so the Flatpak '
                            f'would have no such binary')
    elif app_started:
        problems.append(f'{command!r} is not among the executables meson builds: '
                        f'{sorted(executables)}')
    elif targets:
        notes.append(f'this build has no GUI target yet (src/app defines none, or -Dapp=false): '
                     f'checked against the expected name {args.command!r} only')
    tap.check('the command is the GUI binary that meson builds and installs', problems, notes)


def check_sandbox(tap, manifest):
    finish_args = manifest.get('finish-args', [])
    problems = [f'{arg} is not allowed: the app needs only {sorted(ALLOWED_FINISH_ARGS)}'
                for arg in finish_args if arg not in ALLOWED_FINISH_ARGS]
    problems += [f'{arg} is missing: the app cannot work without it'
                 for arg in sorted(REQUIRED_FINISH_ARGS - set(finish_args))]
    problems += [f'{arg} is listed twice' for arg in sorted(set(finish_args))
                 if finish_args.count(arg) > 1]
    tap.check('finish-args open only the allowed holes in the sandbox', problems)


def check_build(tap, manifest):
    problems = []
    if manifest.get('runtime') != 'org.gnome.Platform':
        problems.append(f'runtime is {manifest.get("runtime")!r}, not org.gnome.Platform')
    if manifest.get('sdk') != 'org.gnome.Sdk':
        problems.append(f'sdk is {manifest.get("sdk")!r}, not org.gnome.Sdk')
    version = str(manifest.get('runtime-version', ''))
    if not version.isdigit() or int(version) < OLDEST_GNOME_RUNTIME:
        problems.append(f'runtime-version is {version!r}; it must be {OLDEST_GNOME_RUNTIME} '
                        f'or newer')

    modules = [m for m in manifest.get('modules', []) if isinstance(m, dict)]
    app_module = modules[-1] if modules else {}
    if app_module.get('buildsystem') != 'meson':
        problems.append('the last module, the app itself, is not built with meson')
    if not app_module.get('run-tests'):
        problems.append('the app module does not run its tests (run-tests is not true)')
    sources = app_module.get('sources', [])
    if not any(s.get('type') == 'dir' and s.get('path') == '..' for s in sources):
        problems.append('the app module is not built from this repository (a "dir" source '
                        'with path "..")')
    tap.check('the app is built with meson from this repository, tests included', problems)


def main():
    parser = argparse.ArgumentParser(description='Check the Flatpak manifest offline.')
    parser.add_argument('--manifest', required=True)
    parser.add_argument('--app-id', required=True)
    parser.add_argument('--command', required=True, help='name of the GUI binary')
    parser.add_argument('--app-enabled', action='store_true',
                        help='the build is configured with -Dapp=true')
    parser.add_argument('--desktop', required=True, help='the merged .desktop file')
    parser.add_argument('--metainfo', required=True, help='the merged .metainfo.xml file')
    parser.add_argument('--gschema', required=True, help='the GSettings schema source')
    parser.add_argument('--build-root', required=True)
    parser.add_argument('--source-root', required=True)
    args = parser.parse_args()

    tap = Tap()
    manifest, problems, notes = load_manifest(args.manifest)
    tap.check('the manifest parses', problems, notes)
    if manifest is None:
        return tap.finish()

    check_app_id(tap, manifest, args)
    check_command(tap, manifest, args)
    check_sandbox(tap, manifest)
    check_build(tap, manifest)
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
