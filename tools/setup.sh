#!/usr/bin/env bash
# Installs what Emu needs on a fresh Debian 12 machine (run as root), restores and builds.
# Idempotent: packages already present are not fetched again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(nasm gcc acpica-tools seabios dmidecode qemu-utils qemu-system-x86 libnbd-bin nbdkit socat xorriso cpio fdisk
          extlinux syslinux syslinux-common isolinux mtools dosfstools e2fsprogs libsdl2-2.0-0
          grub-pc-bin grub-common memtest86+ console-setup-linux python3 xvfb xdotool x11-apps
          libvirt-daemon-system libvirt-clients)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The .NET 10 SDK is part of the machine image; setup never installs it.
command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK (dotnet) must be on PATH" >&2; exit 1; }
dotnet restore Emu.sln --verbosity quiet
dotnet build Emu.sln -c Release --no-restore --verbosity quiet -nologo
