#!/usr/bin/env bash
# The test command: installs and builds (tools/setup.sh), builds the guest images into a cache
# outside the repository, checks formatting, then runs every test tier.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash tools/setup.sh

# Guest images (hello.img, mips.img, Linux disks) come from ../shared/guests/build.sh, cached in a
# folder keyed on the recipe's sha256 (tools/guest-images.sh). EMU_GUESTS overrides the folder.
if [ -z "${EMU_GUESTS:-}" ]; then
    EMU_GUESTS=$(bash tools/guest-images.sh)
fi
export EMU_GUESTS

dotnet format Emu.sln --verify-no-changes --no-restore --verbosity quiet

results="$root/TestResults"
rm -rf "$results"
status=0
dotnet test Emu.sln -c Release --no-build -nologo --results-directory "$results" \
    --logger "trx" --logger "console;verbosity=normal" "$@" || status=$?

# One closing line over every test project: "N passed, N failed, N skipped".
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
    total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
    skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
