namespace Emu.Monitor.Pci;

/// <summary>
/// The names QEMU gives PCI classes (class and subclass, config 0Bh/0Ah) in query-pci's
/// class_info.desc (QEMU hw/pci/pci.c pci_class_descriptions); other classes have no desc.
/// </summary>
public static class PciClassNames
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [0x0001] = "VGA controller",
        [0x0100] = "SCSI controller",
        [0x0101] = "IDE controller",
        [0x0102] = "Floppy controller",
        [0x0103] = "IPI controller",
        [0x0104] = "RAID controller",
        [0x0106] = "SATA controller",
        [0x0107] = "SAS controller",
        [0x0180] = "Storage controller",
        [0x0200] = "Ethernet controller",
        [0x0201] = "Token Ring controller",
        [0x0202] = "FDDI controller",
        [0x0203] = "ATM controller",
        [0x0280] = "Network controller",
        [0x0300] = "VGA controller",
        [0x0301] = "XGA controller",
        [0x0302] = "3D controller",
        [0x0380] = "Display controller",
        [0x0400] = "Video controller",
        [0x0401] = "Audio controller",
        [0x0402] = "Phone",
        [0x0403] = "Audio controller",
        [0x0480] = "Multimedia controller",
        [0x0500] = "RAM controller",
        [0x0501] = "Flash controller",
        [0x0580] = "Memory controller",
        [0x0600] = "Host bridge",
        [0x0601] = "ISA bridge",
        [0x0602] = "EISA bridge",
        [0x0603] = "MC bridge",
        [0x0604] = "PCI bridge",
        [0x0605] = "PCMCIA bridge",
        [0x0606] = "NUBUS bridge",
        [0x0607] = "CARDBUS bridge",
        [0x0608] = "RACEWAY bridge",
        [0x0680] = "Bridge",
        [0x0700] = "Serial port",
        [0x0701] = "Parallel port",
        [0x0800] = "Interrupt controller",
        [0x0801] = "DMA controller",
        [0x0802] = "Timer",
        [0x0803] = "RTC",
        [0x0900] = "Keyboard",
        [0x0901] = "Pen",
        [0x0902] = "Mouse",
        [0x0A00] = "Dock station",
        [0x0B00] = "i386 cpu",
        [0x0C00] = "Firewire controller",
        [0x0C01] = "Access bus controller",
        [0x0C02] = "SSA controller",
        [0x0C03] = "USB controller",
        [0x0C04] = "Fibre channel controller",
        [0x0C05] = "SMBus",
    };

    /// <summary>QEMU's name for <paramref name="classCode"/> (class × 256 + subclass), or null.</summary>
    public static string? Describe(int classCode) => Names.GetValueOrDefault(classCode);
}
