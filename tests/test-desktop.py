#!/usr/bin/python3
# Checks the desktop integration files as they are built: the launcher entry and the AppStream
# metadata pass their validators, name the same app, binary and icon, carry the Simplified
# Chinese translation from po/, and the icons they point at exist and are drawn on the right grid.
# Output is TAP, one line per check, so that meson shows which promise broke.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

from lc_tap import Tap

XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
# How far into a file the image loaders look for the signature of an SVG document.
SVG_SNIFF_BYTES = 200


def run_validator(argv):
    """Runs a validator and returns its complaints, or an empty list when it accepts the file."""
    result = subprocess.run(argv, capture_output=True, text=True)
    if result.returncode == 0:
        return []
    output = (result.stdout + result.stderr).strip().splitlines()
    return [f'{os.path.basename(argv[0])} exited with {result.returncode}'] + output


def read_desktop(path):
    parser = configparser.RawConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    with open(path, encoding='utf-8') as desktop:
        parser.read_file(desktop)
    return parser['Desktop Entry']


def check_desktop(tap, args):
    validator = shutil.which('desktop-file-validate')
    if validator:
        tap.check('desktop file passes desktop-file-validate',
                  run_validator([validator, args.desktop]))
    else:
        tap.skip('desktop file passes desktop-file-validate',
                 'desktop-file-validate is not installed (Debian package desktop-file-utils)')

    entry = read_desktop(args.desktop)
    problems = []
    if os.path.basename(args.desktop) != args.app_id + '.desktop':
        problems.append(f'file is named {os.path.basename(args.desktop)}, not {args.app_id}.desktop')
    exec_line = entry.get('Exec', '')
    if exec_line.split()[:1] != [args.command]:
        problems.append(f'Exec={exec_line} does not start the {args.command} binary')
    if entry.get('Icon') != args.app_id:
        problems.append(f'Icon={entry.get("Icon")} is not the app id {args.app_id}')
    if entry.get('DBusActivatable', 'false') == 'true':
        problems.append('DBusActivatable=true needs a D-Bus service file, which is not installed')
    tap.check('desktop file starts the app binary and uses the app icon', problems)

    problems = [f'{key}[zh_CN] is missing: the desktop file was not merged with po/zh_CN.po'
                for key in ('Name', 'Comment', 'Keywords') if f'{key}[zh_CN]' not in entry]
    if entry.get('Name[zh_CN]') == entry.get('Name'):
        problems.append('Name[zh_CN] is the English name')
    tap.check('desktop file carries the Simplified Chinese translation', problems)


def check_metainfo(tap, args):
    appstreamcli = shutil.which('appstreamcli')
    if appstreamcli:
        tap.check('metainfo passes appstreamcli validate --no-net',
                  run_validator([appstreamcli, 'validate', '--no-net', args.metainfo]))
    else:
        tap.skip('metainfo passes appstreamcli validate --no-net',
                 'appstreamcli is not installed (Debian package appstream)')

    component = ET.parse(args.metainfo).getroot()
    problems = []
    if component.findtext('id') != args.app_id:
        problems.append(f'<id> is {component.findtext("id")}, not {args.app_id}')
    launchables = [l.text for l in component.findall('launchable[@type="desktop-id"]')]
    if launchables != [os.path.basename(args.desktop)]:
        problems.append(f'desktop-id launchables {launchables} do not name '
                        f'{os.path.basename(args.desktop)}')
    binaries = [b.text for b in component.findall('provides/binary')]
    if args.command not in binaries:
        problems.append(f'<provides> lists binaries {binaries}, not {args.command}')
    if component.find('content_rating') is None:
        problems.append('no <content_rating>: software centres treat the app as unrated')
    if not component.findall('screenshots/screenshot/image'):
        problems.append('no screenshot images')
    tap.check('metainfo names the app, its launcher and its binary', problems)

    releases = component.findall('releases/release')
    problems = []
    if not releases:
        problems.append('no <release>')
    elif releases[0].get('version') != args.version:
        problems.append(f'newest release is {releases[0].get("version")}, but meson builds '
                        f'version {args.version}: add a <release> for it')
    elif not releases[0].get('date'):
        problems.append(f'release {args.version} has no date')
    tap.check('metainfo has a release for the version being built', problems)

    names = {n.get(XML_LANG): n.text for n in component.findall('name')}
    summaries = {s.get(XML_LANG) for s in component.findall('summary')}
    problems = []
    if 'zh_CN' not in names:
        problems.append('<name xml:lang="zh_CN"> is missing: metainfo was not merged with po/')
    if 'zh_CN' not in summaries:
        problems.append('<summary xml:lang="zh_CN"> is missing')
    if not component.findall('description/p[@xml:lang="zh_CN"]'.replace(
            'xml:lang', XML_LANG)):
        problems.append('the description has no zh_CN paragraphs')
    tap.check('metainfo carries the Simplified Chinese translation', problems)


def check_icon(path, size):
    """Returns the problems with an icon: it must exist, be SVG and be drawn on a size x size grid."""
    if not os.path.isfile(path):
        return [f'{path} does not exist']
    # gdk-pixbuf decides a file is SVG by finding "<svg" near its start; a long comment before
    # the root element makes GTK fail with "Couldn't recognize the image file format".
    with open(path, 'rb') as svg:
        head = svg.read(SVG_SNIFF_BYTES)
    if b'<svg' not in head:
        return [f'{path} does not open its <svg> element within the first {SVG_SNIFF_BYTES} '
                f'bytes, so GTK cannot recognise it: move comments inside the element']
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        return [f'{path} is not well-formed XML: {error}']
    problems = []
    if root.tag != '{http://www.w3.org/2000/svg}svg':
        problems.append(f'{path} is not an SVG document')
    if root.get('viewBox', '').split() != ['0', '0', str(size), str(size)]:
        problems.append(f'{path} has viewBox "{root.get("viewBox")}", not "0 0 {size} {size}"')
    return problems


def check_icons(tap, args):
    icons = os.path.join(args.source_root, 'data', 'icons', 'hicolor')
    tap.check('full-colour app icon is an SVG on the 128 px grid',
              check_icon(os.path.join(icons, 'scalable', 'apps', args.app_id + '.svg'), 128))

    symbolic = os.path.join(icons, 'symbolic', 'apps', args.app_id + '-symbolic.svg')
    problems = check_icon(symbolic, 16)
    if not problems:
        # A symbolic icon is recoloured by the theme, which only works if it is drawn in one colour.
        with open(symbolic, encoding='utf-8') as svg:
            text = svg.read()
        if 'Gradient' in text or 'opacity=' in text.replace('fill-opacity', ''):
            problems.append(f'{symbolic} uses gradients or opacity; symbolic icons are flat')
    tap.check('symbolic app icon is a flat SVG on the 16 px grid', problems)


def main():
    parser = argparse.ArgumentParser(description='Check the built desktop integration files.')
    parser.add_argument('--app-id', required=True)
    parser.add_argument('--command', required=True, help='name of the GUI binary')
    parser.add_argument('--version', required=True, help='the version meson builds')
    parser.add_argument('--desktop', required=True, help='the merged .desktop file')
    parser.add_argument('--metainfo', required=True, help='the merged .metainfo.xml file')
    parser.add_argument('--source-root', required=True)
    args = parser.parse_args()

    tap = Tap()
    check_desktop(tap, args)
    check_metainfo(tap, args)
    check_icons(tap, args)
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
