namespace Emu.Monitor.Qom;

/// <summary>
/// The QOM classes Emu's machines are built from, under QEMU 7.2's names and parents (checked
/// against qemu-system-i386's qom-list-types), so a client such as libvirt learns what Emu can
/// build. A device's properties are the ones Emu's <c>-device</c> accepts, no more: libvirt turns
/// each property it finds into a feature it will use.
/// </summary>
public static class QomTypes
{
    private static readonly QomProperty[] IdeCommon =
    [
        new("unit", "uint32"),
        new("drive", "str", "Node name or ID of a block device to use as a backend"),
        new("share-rw", "bool"),
        new("serial", "str"),
        new("model", "str"),
        new("ver", "str"),
        new("wwn", "uint64"),
    ];

    private static readonly QomProperty[] IdeDiskGeometry =
    [
        new("cyls", "uint32"), new("heads", "uint32"), new("secs", "uint32"),
        new("lcyls", "uint32"), new("lheads", "uint32"), new("lsecs", "uint32"),
        new("bios-chs-trans", "BiosAtaTranslation", "Logical CHS translation algorithm,  auto/none/lba/large/rechs"),
    ];

    /// <summary>The properties every machine type has that Emu's <c>-machine</c> accepts (qom-list-properties).</summary>
    private static readonly QomProperty[] MachineCommon =
    [
        new("type", "string"),
        new("dump-guest-core", "bool", "Include guest memory in a core dump"),
        new("mem-merge", "bool", "Enable/disable memory merge support"),
        new("usb", "bool", "Set on/off to enable/disable usb"),
    ];

    private static readonly QomProperty[] PcMachine =
    [
        .. MachineCommon,
        new("vmport", "OnOffAuto", "Enable vmport (pc & q35)"),
    ];

    /// <summary>Every class, parents before children.</summary>
    public static IReadOnlyList<QomType> All { get; } =
    [
        new("object", null, true, []),
        new("interface", null, true, []),
        new("machine", "object", true, MachineCommon),
        new("x86-machine", "machine", true, PcMachine),
        new("generic-pc-machine", "x86-machine", true, PcMachine),
        new("pc-i440fx-7.2-machine", "generic-pc-machine", false, PcMachine),
        new("isapc-machine", "generic-pc-machine", false, PcMachine),
        new("none-machine", "machine", false, MachineCommon),
        // Emu's interpreter answers to QEMU's accelerator name tcg (-accel tcg); libvirt needs the class to offer virt type qemu.
        new("accel", "object", true, []),
        new("tcg-accel", "accel", false, []),
        new("device", "object", true, []),
        new("cpu", "device", true, []),
        new("i386-cpu", "cpu", true, []),
        new("qemu32-i386-cpu", "i386-cpu", false, []),
        new("qemu32-v1-i386-cpu", "i386-cpu", false, []),
        new("ide-device", "device", true, [new("unit", "uint32")]),
        new("ide-hd", "ide-device", false, [.. IdeCommon, .. IdeDiskGeometry]),
        new("ide-cd", "ide-device", false, IdeCommon),
        new("isa-device", "device", true, []),
        new("isa-debugcon", "isa-device", false, [new("iobase", "uint32"), new("chardev", "str", "ID of a chardev to use as a backend"), new("readback", "uint32")]),
        new("isa-serial", "isa-device", false, [new("index", "uint32"), new("chardev", "str", "ID of a chardev to use as a backend")]),
        new("i8042", "isa-device", false, []),
        new("mc146818rtc", "isa-device", false, []),
        new("port92", "isa-device", false, []),
        new("isa-fdc", "isa-device", false, []),
        new("pit-common", "isa-device", true, []),
        new("isa-pit", "pit-common", false, []),
        new("pic-common", "isa-device", true, []),
        new("isa-i8259", "pic-common", false, []),
        new("floppy", "device", false, []),
        new("sys-bus-device", "device", true, []),
        new("fw_cfg", "sys-bus-device", true, []),
        new("fw_cfg_io", "fw_cfg", false, []),
        new("pci-host-bridge", "sys-bus-device", true, []),
        new("i440FX-pcihost", "pci-host-bridge", false, []),
        new("pci-device", "device", true, []),
        new("i440FX", "pci-device", false, []),
        new("pci-piix3", "pci-device", true, []),
        new("PIIX3", "pci-piix3", false, []),
        new("pci-ide", "pci-device", true, []),
        new("piix3-ide", "pci-ide", false, []),
        new("PIIX4_PM", "pci-device", false, []),
        new("pci-vga", "pci-device", true, []),
        new("VGA", "pci-vga", false, []),

        // Guest RAM is one host buffer; Emu cannot map it from a file. The class is known, marked
        // abstract so it cannot be created and is not listed as a type, because libvirt 9.0 asks
        // its properties unconditionally and crashes on DeviceNotFound (virQEMUCapsProbeQMPObjectProperties).
        new("memory-backend", "object", true, []),
        new("memory-backend-file", "memory-backend", true, []),
    ];

    public static QomType? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>Whether <paramref name="type"/> is <paramref name="ancestor"/> or derives from it (QEMU object_class_dynamic_cast).</summary>
    public static bool Implements(QomType type, string ancestor)
    {
        for (QomType? at = type; at is not null; at = at.Parent is null ? null : Find(at.Parent))
        {
            if (at.Name == ancestor)
            {
                return true;
            }
        }

        return false;
    }
}
