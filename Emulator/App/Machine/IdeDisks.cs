using Emu.App.Options;
using Emu.Devices.Chipset;
using Emu.Devices.Storage;
using Emu.Devices.Storage.Ide;

namespace Emu.App.Machine;

/// <summary>
/// The IDE hard disks of the pc machine and what the platform learns from them: the disk model
/// owns its geometry (spec ide-atapi-bios.md C.2, built once here from its properties or its
/// MBR); the CMOS (C.3) and the firmware's IDENTIFY view and <c>bios-geometry</c> file are read
/// from that one model.
/// </summary>
internal static class IdeDisks
{
    public static AtaDisk Create(BlockDrive drive, (DiskGeometryProperties Geometry, AtaDriveStrings Strings) properties)
    {
        HardDiskGeometry geometry = HardDiskGeometry.Resolve(drive.Medium!, properties.Geometry);
        return new AtaDisk(drive, geometry, properties.Strings);
    }

    /// <summary>QEMU cmos_init_hd and CMOS 39h: the physical geometry and the translation after auto was resolved.</summary>
    public static CmosHardDisk CmosEntry(AtaDisk disk)
    {
        ChsGeometry p = disk.Geometry.Physical;
        return new CmosHardDisk(p.Cylinders, p.Heads, p.Sectors, (int)disk.Geometry.Translation - 1);
    }

    public static ushort[] Identify(AtaDisk disk)
    {
        ushort[] words = new ushort[AtaIdentify.Words];
        disk.PeekIdentify(words);
        return words;
    }

    /// <summary>QEMU's <c>bios-geometry</c> fw_cfg file: one entry per disk with lcyls/lheads/lsecs set.</summary>
    public static Dictionary<int, ChsGeometry> BiosGeometry(IdeController ide)
    {
        Dictionary<int, ChsGeometry> entries = [];
        for (int index = 0; index < 4; index++)
        {
            if (ide.Unit(index) is AtaDisk { Geometry.BiosGeometry: { } lchs })
            {
                entries[index] = lchs;
            }
        }

        return entries;
    }
}
