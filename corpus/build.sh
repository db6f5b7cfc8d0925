#!/usr/bin/env bash
# Builds the corpus's own guest images from Debian's packages into OUT (the runner calls it as
# 'bash corpus/build.sh OUT' when an image is missing; OUT is keyed on this script's sha256):
#   grub-cd.iso   GRUB 2 El Torito CD (grub-mkrescue) whose grub.cfg reports on COM1
#   grub-hd.img   GRUB 2 on a hard disk: boot.img in the MBR, core.img in the gap before the
#                 first partition (the classic embedding), modules and grub.cfg on a FAT partition
#   memtest86+.bin  Debian's memtest86+ (ia32), booted with -kernel
# Packages: grub-pc-bin grub-common xorriso mtools fdisk memtest86+ (tools/setup.sh).
set -euo pipefail
out="$1"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grub=/usr/lib/grub/i386-pc

# The configuration both GRUBs run: serial console, a marker, the disks GRUB sees, a second marker.
config() {
    cat <<CFG
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
echo EMU-GRUB-CFG $1
ls
echo EMU-GRUB-DONE
CFG
}

# GRUB CD.
mkdir -p "$work/iso/boot/grub"
config cd > "$work/iso/boot/grub/grub.cfg"
grub-mkrescue -o "$out/grub-cd.iso" "$work/iso" >"$work/mkrescue.log" 2>&1 || { cat "$work/mkrescue.log" >&2; exit 1; }

# GRUB hard disk: 16 MiB, one FAT16 partition from LBA 2048, GRUB's modules and grub.cfg on it.
disk="$work/grub-hd.img"
truncate -s 16M "$disk"
echo 'start=2048, type=06, bootable' | sfdisk --quiet "$disk"
mformat -i "$disk@@1M" -T $(( (16 * 2048) - 2048 )) -h 16 -s 63 -v EMUGRUB ::
mmd -i "$disk@@1M" ::/boot ::/boot/grub ::/boot/grub/i386-pc
mcopy -i "$disk@@1M" "$grub"/*.mod "$grub"/*.lst ::/boot/grub/i386-pc/
config hd > "$work/grub.cfg"
mcopy -i "$disk@@1M" "$work/grub.cfg" ::/boot/grub/grub.cfg
grub-mkimage -O i386-pc -o "$work/core.img" -p '(hd0,msdos1)/boot/grub' biosdisk part_msdos fat
core_sectors=$(( ($(stat -c %s "$work/core.img") + 511) / 512 ))
[ "$core_sectors" -lt 2047 ] || { echo "core.img does not fit before the partition" >&2; exit 1; }
# boot.img's code (446 bytes, keeping the partition table) loads sector 1, where core.img's first
# sector (diskboot) loads the rest from sector 2 on: both are GRUB's default block numbers.
dd if="$grub/boot.img" of="$disk" bs=446 count=1 conv=notrunc status=none
dd if="$work/core.img" of="$disk" bs=512 seek=1 conv=notrunc status=none
cp "$disk" "$out/grub-hd.img"

# memtest86+.
cp /boot/memtest86+ia32.bin "$out/memtest86+.bin"
echo "corpus images built $(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$out/BUILT.txt"
