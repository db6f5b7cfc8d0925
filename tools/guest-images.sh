#!/usr/bin/env bash
# Prints the folder holding the guest images of ../shared/guests/build.sh, building them first
# when that folder has none. The folder is keyed on the recipe's sha256, so a changed recipe
# builds fresh images everywhere while an unchanged one reuses the cache:
#   ${EMU_GUESTS_CACHE:-~/.cache/emu-guests}/<first 16 hex digits of sha256(build.sh)>
# Tests and benchmarks compute the same folder (Tests/Emu.TestSupport/GuestCache.cs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
recipe="$root/../shared/guests/build.sh"
[ -f "$recipe" ] || { echo "guest-images: $recipe is missing" >&2; exit 1; }
key=$(sha256sum "$recipe" | cut -c1-16)
dir="${EMU_GUESTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/emu-guests}/$key"
if [ ! -f "$dir/MANIFEST.txt" ]; then
    echo "guest-images: building the guest images into $dir" >&2
    mkdir -p "$dir"
    log="$dir.build.log"
    bash "$recipe" "$dir" >"$log" 2>&1 \
        || { tail -n 30 "$log" >&2; echo "guest-images: the guest image build failed (log: $log)" >&2; rm -rf "$dir"; exit 1; }
fi
echo "$dir"
