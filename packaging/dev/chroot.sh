#!/usr/bin/env bash
# Caches a minimal Debian bookworm root file system with what the deepseek-edge .deb depends on, and systemd to boot it
# with (systemd-nspawn), for packaging/dev/deb-check.sh: debootstrap (minbase) from Debian's archive, then apt-get inside
# it. Idempotent: kept as models/.cache/debian/bookworm-deps-<hash of the package list>.tar (about 350 MB) once built.
# Needs root (debootstrap, chroot).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="$root/models/.cache/debian"
depends="$root/packaging/deb/debian/depends"
# The .deb's Depends (the first alternative of each), curl for the check itself, and systemd (the init the unit runs
# under in the check's second half).
mapfile -t deps < <(grep -v '^#' "$depends" | sed '/^$/d; s/|.*//; s/(.*)//; s/ //g')
deps+=(curl systemd systemd-sysv dbus)
# Named by the package list it holds: a changed list builds a new one. deb-check.sh finds it by the same name.
tarball="$cache/bookworm-deps-$(printf '%s\n' "${deps[@]}" | sha256sum | cut -c1-12).tar"
if [ "${1:-}" = --path ]; then echo "$tarball"; exit 0; fi
[ -s "$tarball" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then echo "[chroot] needs root to build $tarball (debootstrap); the .deb check will be skipped" >&2; exit 0; fi
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
