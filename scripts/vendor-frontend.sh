#!/usr/bin/env bash
# Vendor the front-end assets (KERN, htmx, Leaflet, axe-core) from the npm registry into
# teilhabe/static/vendor/. The result is committed: nothing is fetched at
# build, test or run time. See docs/frontend-vendoring.md.
#
# Usage (from the repo root, or anywhere):  scripts/vendor-frontend.sh
# Needs: npm (registry access), python3, tar, openssl, base64.
# Idempotent: a second run with the same pins produces byte-identical files.
set -euo pipefail

# --- Pinned versions ---------------------------------------------------------
KERN_VERSION=2.7.2   # @kern-ux/native
HTMX_VERSION=2.0.11  # htmx.org - newest 2.0.x. Stay on 2.0.x: htmx 4 is a breaking rewrite.
AXE_VERSION=4.14.1   # axe-core - newest 4.x, used only by browser tests
LEAFLET_VERSION=1.9.4  # leaflet - newest 1.9.x (the public guide's map). 2.0 is a rewrite (ESM only).

# Fira Sans faces to vendor, as weight:style. They must exist in KERN's
# dist/fonts/fira-sans.css. Note: KERN also uses weight 500 (Medium) for
# .kern-heading-display/-x-large and .kern-subline; without it the browser
# falls back to 400. To add it: append "500:normal" (about +138 KB).
FONT_FACES="400:normal 400:italic 500:normal 600:normal 700:normal"

# --- Setup ----------------------------------------------------------------------
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR_DIR="$REPO_ROOT/teilhabe/static/vendor"

die() { echo "vendor-frontend: ERROR: $*" >&2; exit 1; }
log() { echo "vendor-frontend: $*" >&2; }

for tool in npm python3 tar openssl base64; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required but not installed"
done

case "$HTMX_VERSION" in 2.0.*) ;; *) die "HTMX_VERSION must be 2.0.x (got $HTMX_VERSION)";; esac
case "$AXE_VERSION" in 4.*) ;; *) die "AXE_VERSION must be 4.x (got $AXE_VERSION)";; esac
case "$LEAFLET_VERSION" in 1.9.*) ;; *) die "LEAFLET_VERSION must be 1.9.x (got $LEAFLET_VERSION)";; esac

TMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/vendor-frontend.XXXXXX")"
trap 'rm -rf "$TMP_DIR"' EXIT
OUT="$TMP_DIR/out"          # staged copy of the vendor dir, swapped in at the end
mkdir -p "$OUT"
VERSIONS_BODY="$TMP_DIR/versions.tsv"
: > "$VERSIONS_BODY"

# fetch PKG VERSION -> extracts the tarball to $TMP_DIR/src/PKG and records
# PKG, VERSION, integrity and licence for VERSIONS.txt. The integrity comes from
# `npm view PKG@VERSION dist.integrity` and is checked against the tarball.
fetch() {
  local pkg="$1" version="$2"
  local dest="$TMP_DIR/src/$pkg" packdir="$TMP_DIR/pack"
  mkdir -p "$dest" "$packdir"
  log "npm pack $pkg@$version"
  local filename
  filename="$(cd "$packdir" && npm pack "$pkg@$version" --ignore-scripts --json --pack-destination "$packdir" 2>"$TMP_DIR/npm.log" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(1) if not isinstance(d, list) else print(d[0]["filename"])')" \
    || { cat "$TMP_DIR/npm.log" >&2; die "npm pack $pkg@$version failed"; }
  local tarball="$packdir/$filename"
  [ -f "$tarball" ] || die "npm pack did not produce $tarball"

  local expected actual
  expected="$(npm view "$pkg@$version" dist.integrity)"
  [ -n "$expected" ] || die "npm view $pkg@$version dist.integrity returned nothing"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 | tr -d '\n')"
  [ "$expected" = "$actual" ] || die "$pkg@$version: integrity mismatch (registry $expected, tarball $actual)"

  tar -xzf "$tarball" -C "$dest" --strip-components=1
  local meta
  meta="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["name"], d["version"], d.get("license", "UNKNOWN"))' "$dest/package.json")"
  local meta_name meta_version meta_license
  read -r meta_name meta_version meta_license <<<"$meta"
  if [ "$meta_name" != "$pkg" ] || [ "$meta_version" != "$version" ]; then
    die "tarball is $meta_name@$meta_version, expected $pkg@$version"
  fi
  printf '%s\t%s\t%s\t%s\n' "$pkg" "$version" "$expected" "$meta_license" >> "$VERSIONS_BODY"
}

# copy SRC DEST -> copies one file, failing loudly if the package layout changed.
copy() {
  [ -f "$1" ] || die "expected file missing from package: ${1#"$TMP_DIR/src/"}"
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2"
  chmod 0644 "$2"
}

# --- KERN (@kern-ux/native) ---------------------------------------------------
fetch "@kern-ux/native" "$KERN_VERSION"
KSRC="$TMP_DIR/src/@kern-ux/native"
KOUT="$OUT/kern"

copy "$KSRC/dist/kern.min.css" "$KOUT/kern.min.css"
copy "$KSRC/LICENSE.md" "$KOUT/LICENSE.md"

# kern.min.css must not pull the font CSS (or anything else) in via @import -
# we link the font CSS separately. If a future release starts to, stop and look.
if grep -q '@import' "$KSRC/dist/kern.min.css"; then
  die "kern.min.css now contains @import; check what it imports and adapt this script"
fi
# Which family does KERN use by default? 2.7.2: Fira Sans. Noto Sans is optional.
grep -Eq -- '--kern-typography-font-family-default:[[:space:]]*var\(--kern-typography-font-family-fira-sans\)' \
  "$KSRC/dist/kern.min.css" \
  || die "kern.min.css no longer defaults to Fira Sans; vendor the font it does use"

# kern-utilities.min.css: copy it only if it adds rules that kern.min.css lacks.
# (In 2.7.x every rule of it is already in kern.min.css, so it is skipped.)
if [ -f "$KSRC/dist/kern-utilities.min.css" ]; then
  if python3 - "$KSRC/dist/kern-utilities.min.css" "$KSRC/dist/kern.min.css" <<'PY'
import sys

def leaf_rules(css):
    """Set of (enclosing at-rules, selector, declarations) for every rule."""
    rules, stack, buf, quote, i = set(), [], [], None, 0
    while i < len(css):
        c = css[i]
        if quote:
            buf.append(c)
            if c == "\\":
                buf.append(css[i + 1]); i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c; buf.append(c)
        elif c == "{":
            stack.append("".join(buf).strip()); buf = []
        elif c == "}":
            body = "".join(buf).strip(); buf = []
            selector = stack.pop()
            if body:
                rules.add((tuple(stack), selector, body))
        elif c == ";" and not stack:
            buf = []  # top-level statement such as @charset
        else:
            buf.append(c)
        i += 1
    return rules

extra = leaf_rules(open(sys.argv[1]).read()) - leaf_rules(open(sys.argv[2]).read())
sys.exit(1 if extra else 0)
PY
  then
    log "skipping kern-utilities.min.css: all of its rules are already in kern.min.css"
  else
    copy "$KSRC/dist/kern-utilities.min.css" "$KOUT/kern-utilities.min.css"
  fi
fi

# JavaScript (2.7.2: only kern-kopfzeile.js, the <kern-kopfzeile> web component).
shopt -s nullglob
kern_js=("$KSRC"/dist/js/*.js)
shopt -u nullglob
[ "${#kern_js[@]}" -gt 0 ] || die "no dist/js/*.js in @kern-ux/native"
for f in "${kern_js[@]}"; do copy "$f" "$KOUT/js/$(basename "$f")"; done

# Fonts: a filtered copy of dist/fonts/fira-sans.css holding only the
# @font-face rules for $FONT_FACES, plus exactly the woff2 files they reference.
# url() paths stay relative (./fira-sans/...), so the layout is kept:
#   kern/fonts/fira-sans.css + kern/fonts/fira-sans/*.woff2
mkdir -p "$KOUT/fonts"
python3 - "$KSRC/dist/fonts/fira-sans.css" "$KOUT/fonts/fira-sans.css" "$FONT_FACES" \
  "Generated by scripts/vendor-frontend.sh from @kern-ux/native@$KERN_VERSION dist/fonts/fira-sans.css" \
  > "$TMP_DIR/font-files.txt" <<'PY'
import re, sys

src, dest, wanted, banner = sys.argv[1:5]
wanted = [tuple(face.split(":")) for face in wanted.split()]
css = open(src, encoding="utf-8").read()

def prop(block, name):
    m = re.search(r"%s\s*:\s*([^;}]+)" % name, block)
    return m.group(1).strip().strip("'\"") if m else None

kept, files, found = [], [], set()
for block in re.findall(r"@font-face\s*\{[^}]*\}", css):
    face = (prop(block, "font-weight"), prop(block, "font-style") or "normal")
    if face not in wanted:
        continue
    if prop(block, "font-family") != "Fira Sans":
        sys.exit("unexpected font-family in %r" % block)
    urls = re.findall(r"url\(\s*[\"']?([^\"')]+)[\"']?\s*\)", block)
    if not urls or any(not u.startswith("./") for u in urls):
        sys.exit("expected relative ./ url() in %r" % block)
    kept.append(block)
    files += [u[2:] for u in urls]
    found.add(face)

missing = [w for w in wanted if w not in found]
if missing:
    sys.exit("font faces not in %s: %s" % (src, missing))
with open(dest, "w", encoding="utf-8") as fh:
    fh.write("/* %s; only the faces %s are kept. */\n" % (banner, ", ".join(":".join(w) for w in wanted)))
    fh.write("\n\n".join(kept) + "\n")
print("\n".join(files))
PY
while IFS= read -r font; do
  [ -n "$font" ] || continue
  copy "$KSRC/dist/fonts/$font" "$KOUT/fonts/$font"
done < "$TMP_DIR/font-files.txt"

# Fira Sans is licensed under the SIL Open Font License 1.1, which requires the
# licence to travel with the fonts. @kern-ux/native ships the fonts without it,
# so the text is written here.
cat > "$KOUT/fonts/OFL-1.1.txt" <<'OFL'
Digitized data copyright (c) 2012-2015, The Mozilla Foundation and Telefonica S.A.
with Reserved Font Name < Fira >,

This Font Software is licensed under the SIL Open Font License, Version 1.1.
This license is copied below, and is also available with a FAQ at:
http://scripts.sil.org/OFL


-----------------------------------------------------------
SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007
-----------------------------------------------------------

PREAMBLE
The goals of the Open Font License (OFL) are to stimulate worldwide
development of collaborative font projects, to support the font creation
efforts of academic and linguistic communities, and to provide a free and
open framework in which fonts may be shared and improved in partnership
with others.

The OFL allows the licensed fonts to be used, studied, modified and
redistributed freely as long as they are not sold by themselves. The
fonts, including any derivative works, can be bundled, embedded,
redistributed and/or sold with any software provided that any reserved
names are not used by derivative works. The fonts and derivatives,
however, cannot be released under any other type of license. The
requirement for fonts to remain under this license does not apply
to any document created using the fonts or their derivatives.

DEFINITIONS
"Font Software" refers to the set of files released by the Copyright
Holder(s) under this license and clearly marked as such. This may
include source files, build scripts and documentation.

"Reserved Font Name" refers to any names specified as such after the
copyright statement(s).

"Original Version" refers to the collection of Font Software components as
distributed by the Copyright Holder(s).

"Modified Version" refers to any derivative made by adding to, deleting,
or substituting -- in part or in whole -- any of the components of the
Original Version, by changing formats or by porting the Font Software to a
new environment.

"Author" refers to any designer, engineer, programmer, technical
writer or other person who contributed to the Font Software.

PERMISSION & CONDITIONS
Permission is hereby granted, free of charge, to any person obtaining
a copy of the Font Software, to use, study, copy, merge, embed, modify,
redistribute, and sell modified and unmodified copies of the Font
Software, subject to the following conditions:

1) Neither the Font Software nor any of its individual components,
in Original or Modified Versions, may be sold by itself.

2) Original or Modified Versions of the Font Software may be bundled,
redistributed and/or sold with any software, provided that each copy
contains the above copyright notice and this license. These can be
included either as stand-alone text files, human-readable headers or
in the appropriate machine-readable metadata fields within text or
binary files as long as those fields can be easily viewed by the user.

3) No Modified Version of the Font Software may use the Reserved Font
Name(s) unless explicit written permission is granted by the corresponding
Copyright Holder. This restriction only applies to the primary font name as
presented to the users.

4) The name(s) of the Copyright Holder(s) or the Author(s) of the Font
Software shall not be used to promote, endorse or advertise any
Modified Version, except to acknowledge the contribution(s) of the
Copyright Holder(s) and the Author(s) or with their explicit written
permission.

5) The Font Software, modified or unmodified, in part or in whole,
must be distributed entirely under this license, and must not be
distributed under any other license. The requirement for fonts to
remain under this license does not apply to any document created
using the Font Software.

TERMINATION
This license becomes null and void if any of the above conditions are
not met.

DISCLAIMER
THE FONT SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO ANY WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT
OF COPYRIGHT, PATENT, TRADEMARK, OR OTHER RIGHT. IN NO EVENT SHALL THE
COPYRIGHT HOLDER BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
INCLUDING ANY GENERAL, SPECIAL, INDIRECT, INCIDENTAL, OR CONSEQUENTIAL
DAMAGES, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
FROM, OUT OF THE USE OR INABILITY TO USE THE FONT SOFTWARE OR FROM
OTHER DEALINGS IN THE FONT SOFTWARE.
OFL

# --- htmx (htmx.org) -----------------------------------------------------------
fetch "htmx.org" "$HTMX_VERSION"
copy "$TMP_DIR/src/htmx.org/dist/htmx.min.js" "$OUT/htmx/htmx.min.js"
copy "$TMP_DIR/src/htmx.org/LICENSE" "$OUT/htmx/LICENSE"

# --- Leaflet (the public guide's map, loaded only on its map view) -------------------
# leaflet.js and leaflet.css only: the map draws no default marker images (markers are
# circle markers, drawn as SVG), so dist/images/ is not vendored.
fetch "leaflet" "$LEAFLET_VERSION"
copy "$TMP_DIR/src/leaflet/dist/leaflet.js" "$OUT/leaflet/leaflet.js"
# The source map is not vendored: drop its reference, or collectstatic's manifest storage
# refuses the file it cannot find (a deployment would fail at `collectstatic`).
sed -i '/^\/\/# sourceMappingURL=/d' "$OUT/leaflet/leaflet.js"
copy "$TMP_DIR/src/leaflet/dist/leaflet.css" "$OUT/leaflet/leaflet.css"
copy "$TMP_DIR/src/leaflet/LICENSE" "$OUT/leaflet/LICENSE"
# leaflet.css references images/layers.png etc.: keep them so the CSS check below resolves.
for img in "$TMP_DIR"/src/leaflet/dist/images/*.png; do
  copy "$img" "$OUT/leaflet/images/$(basename "$img")"
done

# --- axe-core (browser tests only) -------------------------------------------------
fetch "axe-core" "$AXE_VERSION"
copy "$TMP_DIR/src/axe-core/axe.min.js" "$OUT/axe-core/axe.min.js"
copy "$TMP_DIR/src/axe-core/LICENSE" "$OUT/axe-core/LICENSE"
# axe.min.js bundles third-party MIT code; its notices have to ship with it.
if [ -f "$TMP_DIR/src/axe-core/LICENSE-3RD-PARTY.txt" ]; then
  copy "$TMP_DIR/src/axe-core/LICENSE-3RD-PARTY.txt" "$OUT/axe-core/LICENSE-3RD-PARTY.txt"
fi

# --- No external hosts in vendored CSS -------------------------------------------
# Every url(...) and @import in the staged CSS must be a data: URI or a relative
# path to a file that is vendored too. Anything with a scheme (http:, https:, ...)
# or a protocol-relative //host is an error: the browser would fetch it from the
# internet at run time, and we cannot rewrite it to a local copy without
# downloading it, which this script does not do. So fail and let a human decide.
# (The "http://www.w3.org/2000/svg" inside KERN's inline data:image/svg+xml icons
# is an XML namespace name, not a request; it is inside a data: URI and allowed.)
python3 - "$OUT" <<'PY'
import os, re, sys

root = sys.argv[1]
url_re = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""")
import_re = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)""")
errors = []
for dirpath, _, names in os.walk(root):
    for name in names:
        if not name.endswith(".css"):
            continue
        path = os.path.join(dirpath, name)
        css = open(path, encoding="utf-8").read()
        refs = [next(g for g in m.groups() if g is not None) for m in url_re.finditer(css)]
        refs += import_re.findall(css)
        for ref in refs:
            # a fragment-only url(#...) fetches nothing (leaflet.css: IE's behavior: url(#default#VML))
            if ref.startswith("data:") or ref.startswith("#"):
                continue
            rel = os.path.relpath(path, root)
            if ref.startswith("//") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", ref):
                errors.append("%s: external reference %s" % (rel, ref))
                continue
            target = os.path.normpath(os.path.join(dirpath, re.split(r"[?#]", ref)[0]))
            if not os.path.isfile(target):
                errors.append("%s: %s does not resolve to a vendored file" % (rel, ref))
if errors:
    sys.exit("vendored CSS must not load anything from outside:\n  " + "\n  ".join(errors))
PY

# --- VERSIONS.txt --------------------------------------------------------------------
{
  echo "# Front-end packages vendored by scripts/vendor-frontend.sh - do not edit by hand."
  echo "# integrity = npm view <package>@<version> dist.integrity (checked against the tarball)"
  printf '# package\tversion\tintegrity\tlicense\n'
  cat "$VERSIONS_BODY"
} > "$OUT/VERSIONS.txt"

# --- Swap the staged files in ----------------------------------------------------
# Only the paths this script owns are replaced; nothing else in vendor/ is touched.
mkdir -p "$VENDOR_DIR"
rm -rf "$VENDOR_DIR/kern" "$VENDOR_DIR/htmx" "$VENDOR_DIR/leaflet" "$VENDOR_DIR/axe-core" "$VENDOR_DIR/VERSIONS.txt"
cp -R "$OUT/." "$VENDOR_DIR/"
find "$VENDOR_DIR/kern" "$VENDOR_DIR/htmx" "$VENDOR_DIR/leaflet" "$VENDOR_DIR/axe-core" -type d -exec chmod 0755 {} +

log "done: $(du -sh "$VENDOR_DIR" | cut -f1) in ${VENDOR_DIR#"$REPO_ROOT/"}"
(cd "$VENDOR_DIR" && find . -type f | LC_ALL=C sort | sed 's|^\./|  |') >&2
