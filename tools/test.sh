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

# The corpus of guest boots (corpus/corpus.json) through 'emu regress'; EMU_REGRESS=0 skips it.
regress_passed=0; regress_failed=0
if [ "${EMU_REGRESS:-1}" != "0" ]; then
    junit="$results/regress-junit.xml"
    ./emu regress corpus/corpus.json -j 2 --junit "$junit" --out "$results/regress" || status=1
    if [ -f "$junit" ]; then
        root=$(grep -o '<testsuites [^>]*>' "$junit" | head -n 1)
        tests=$(echo "$root" | sed -n 's/.* tests="\([0-9]*\)".*/\1/p')
        regress_failed=$(echo "$root" | sed -n 's/.* failures="\([0-9]*\)".*/\1/p')
        regress_passed=$(( ${tests:-0} - ${regress_failed:-0} ))
    else
        regress_failed=1
    fi
fi

# One closing line over every test project and the corpus: "N passed, N failed, N skipped".
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
    total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
    skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
passed=$((passed + regress_passed)); failed=$((failed + regress_failed))

# The failures again at the end, where a reader of the log's tail finds them: each failed xunit
# test's name and the first lines of its message (the TRX's UnitTestResult and ErrorInfo).
if [ "$failed" -gt 0 ]; then
    echo "Failed tests:"
    for trx in "$results"/*.trx; do
        [ -f "$trx" ] || continue
        python3 - "$trx" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for result in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if result.get("outcome") != "Failed":
        continue
    print("  " + result.get("testName", "?"))
    message = result.find(".//t:ErrorInfo/t:Message", ns)
    for line in (message.text or "").splitlines()[:12] if message is not None else []:
        print("      " + line)
PY
    done
    if [ "${regress_failed:-0}" -gt 0 ]; then
        echo "  regression corpus: see $results/regress"
    fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
