#!/usr/bin/env bash
# Caches a minimal Debian bookworm root file system with what the deepseek-edge .deb depends on, for
# packaging/dev/deb-check.sh: debootstrap (minbase) from Debian's archive, then apt-get inside it. Idempotent: kept as
# models/.cache/debian/bookworm-deps-<hash of packaging/deb/debian/depends>.tar (about 300 MB) once built. Needs root (debootstrap, chroot).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="$root/models/.cache/debian"
depends="$root/packaging/deb/debian/depends"
# Named by the dependency list it holds: a changed list builds a new one.
tarball="$cache/bookworm-deps-$(sha256sum "$depends" | cut -c1-12).tar"
[ -s "$tarball" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then echo "[chroot] needs root to build $tarball (debootstrap); the .deb check will be skipped" >&2; exit 0; fi
# The .deb's Depends (the first alternative of each), plus curl for the check itself.
mapfile -t deps < <(grep -v '^#' "$depends" | sed '/^$/d; s/|.*//; s/(.*)//; s/ //g')
deps+=(curl)
work="$(mktemp -d /tmp/ds-edge-chroot.XXXXXX)"
trap 'rm -rf "$work"' EXIT
echo "[chroot] debootstrap bookworm (minbase) and ${deps[*]}" >&2
mirror="$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
debootstrap --variant=minbase bookworm "$work/root" "${mirror:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
cp /etc/resolv.conf "$work/root/etc/resolv.conf"
chroot "$work/root" apt-get install -y -qq --no-install-recommends "${deps[@]}" >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log" >&2; exit 1; }
chroot "$work/root" apt-get clean
rm -rf "$work/root/var/lib/apt/lists/"*
mkdir -p "$cache"
tar -C "$work/root" -cf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
echo "[chroot] cached $tarball ($(du -h "$tarball" | cut -f1))" >&2
