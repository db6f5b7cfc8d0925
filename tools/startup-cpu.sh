#!/usr/bin/env bash
# Measures emu's start-up CPU time (user+sys, perf stat's task-clock) on a corpus command line, from
# spawn to its first guest instruction (--instruction-limit 1), as 'emu regress' starts a case
# (-qmp on a unix socket, serial/debugcon to files, --line-log, -rtc base), and prints the medians.
# Usage: tools/startup-cpu.sh [RUNS] [hd|kernel] [EMU...]   (EMUs are run interleaved; default ./emu)
# Wall time means nothing on a loaded machine: compare CPU medians of interleaved runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=${1:-20}; case=${2:-hd}; shift $(( $# < 2 ? $# : 2 ))
emus=("$@"); [ ${#emus[@]} -gt 0 ] || emus=("$here/Emulator/App/bin/Release/net10.0/emu")
guests=${EMU_GUESTS:-$(dirname "$(ls -t /root/.cache/emu-guests/*/linux-hd.img | head -1)")}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp "$guests"/linux-hd.img "$guests"/linux-cd.iso "$guests"/vmlinuz "$guests"/initrd.img "$work"/
case $case in
  hd) opts=(-m 128 -no-reboot -boot c -drive "file=$work/linux-hd.img,format=raw,if=ide,index=0"
            -drive "file=$work/linux-cd.iso,format=raw,if=ide,index=2,media=cdrom") ;;
  kernel) opts=(-m 128 -no-reboot -kernel "$work/vmlinuz" -initrd "$work/initrd.img" -append console=ttyS0,115200) ;;
  *) echo "startup-cpu: unknown case $case (hd, kernel)" >&2; exit 1 ;;
esac
declare -A ms
cd "$work"
for i in $(seq "$runs"); do
  for k in "${!emus[@]}"; do
    perf stat -x, -e task-clock -o stat "${emus[$k]}" "${opts[@]}" -rtc base=2020-01-01T00:00:00 -display none \
      -serial file:serial.log -debugcon file:debugcon.log -qmp "unix:$work/q.sock,server=on,wait=off" \
      --line-log lines.log --instruction-limit 1 >out 2>&1 || true
    grep -q "instruction limit reached" out || { echo "startup-cpu: ${emus[$k]} failed:" >&2; cat out >&2; exit 1; }
    ms[$k]+="$(awk -F, '/task-clock/{printf "%.0f", $1}' stat) "
    rm -f q.sock
  done
done
for k in "${!emus[@]}"; do
  sorted=$(printf '%s\n' ${ms[$k]} | sort -n)
  echo "${emus[$k]}: CPU ms median $(echo "$sorted" | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}') min $(echo "$sorted" | head -1) ($runs runs, load $(cut -d' ' -f1 /proc/loadavg))"
done
