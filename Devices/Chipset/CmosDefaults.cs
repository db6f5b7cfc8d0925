namespace Emu.Devices.Chipset;

/// <summary>
/// Fills the PC configuration bytes of the CMOS the way QEMU 7.2's <c>pc_cmos_init</c>,
/// <c>pc_cmos_init_late</c>, <c>cmos_init_hd</c> and <c>set_boot_dev</c> do (hw/i386/pc.c),
/// which SeaBIOS and guests read: memory sizes, equipment, floppy and disk types, boot order.
/// </summary>
public static class CmosDefaults
{
    private const long KiB = 1024;
    private const long MiB = 1024 * KiB;

    /// <summary>Writes every configuration byte. Throws <see cref="ArgumentException"/> for a bad boot order, with QEMU's words.</summary>
    public static void Fill(Rtc146818 rtc, CmosConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(rtc);
        ArgumentNullException.ThrowIfNull(config);
        SplitMemory(config.RamBytes, out long below4G, out long above4G);

        // 15h/16h base memory in KiB (at most 640).
        long value = Math.Min(below4G / KiB, 640);
        SetWord(rtc, 0x15, (int)value);

        // 17h/18h and 30h/31h: extended memory above 1 MiB in KiB, capped at FFFFh.
        value = below4G > MiB ? (below4G - MiB) / KiB : 0;
        value = Math.Min(value, 65535);
        SetWord(rtc, 0x17, (int)value);
        SetWord(rtc, 0x30, (int)value);

        // 34h/35h: 64 KiB blocks between 16 MiB and the top of low memory.
        value = below4G > 16 * MiB ? (below4G - (16 * MiB)) / (64 * KiB) : 0;
        value = Math.Min(value, 65535);
        SetWord(rtc, 0x34, (int)value);

        // 5Bh-5Dh: 64 KiB blocks above 4 GiB.
        value = above4G / 65536;
        rtc.SetCmosByte(0x5B, (byte)value);
        rtc.SetCmosByte(0x5C, (byte)(value >> 8));
        rtc.SetCmosByte(0x5D, (byte)(value >> 16));

        SetBootDevices(rtc, config.BootOrder, config.FloppyBootSignatureCheck);

        // 14h equipment: FPU present, PS/2 mouse installed, then the floppy count.
        byte equipment = 0x02 | 0x04;
        rtc.SetCmosByte(0x10, (byte)(((int)config.FloppyA << 4) | (int)config.FloppyB));
        int floppies = (config.FloppyA != FloppyDriveType.None ? 1 : 0) + (config.FloppyB != FloppyDriveType.None ? 1 : 0);
        if (floppies == 1)
        {
            equipment |= 0x01;
        }
        else if (floppies == 2)
        {
            equipment |= 0x41;
        }

        rtc.SetCmosByte(0x14, equipment);

        // 12h: type F (see 19h/1Ah) for each primary-channel disk; 39h: translation per unit.
        byte diskTypes = 0;
        CmosHardDisk? disk0 = Unit(config, 0);
        CmosHardDisk? disk1 = Unit(config, 1);
        if (disk0 is not null)
        {
            SetHardDisk(rtc, 0x19, 0x1B, disk0);
            diskTypes |= 0xF0;
        }

        if (disk1 is not null)
        {
            SetHardDisk(rtc, 0x1A, 0x24, disk1);
            diskTypes |= 0x0F;
        }

        rtc.SetCmosByte(0x12, diskTypes);
        byte translation = 0;
        for (int unit = 0; unit < 4; unit++)
        {
            CmosHardDisk? disk = Unit(config, unit);
            if (disk is not null)
            {
                translation |= (byte)((disk.Translation & 3) << (unit * 2));
            }
        }

        rtc.SetCmosByte(0x39, translation);
        rtc.SetCmosByte(0x5F, (byte)Math.Max(0, config.CpuCount - 1));
    }

    /// <summary>The i440FX split of RAM into below and above 4 GiB (QEMU <c>pc_init1</c>, gigabyte-aligned).</summary>
    public static void SplitMemory(long ramBytes, out long below4G, out long above4G)
    {
        long lowMemory = ramBytes >= 0xE000_0000L ? 0xC000_0000L : 0xE000_0000L;
        below4G = Math.Min(ramBytes, lowMemory);
        above4G = ramBytes - below4G;
    }

    /// <summary>QEMU <c>set_boot_dev</c>: 3Dh = first | second &lt;&lt; 4, 38h = third &lt;&lt; 4 | !bootchk.</summary>
    public static void SetBootDevices(Rtc146818 rtc, string order, bool floppyBootSignatureCheck)
    {
        if (order.Length > 3)
        {
            throw new ArgumentException("Too many boot devices for PC", nameof(order));
        }

        Span<int> devices = stackalloc int[3];
        for (int i = 0; i < order.Length; i++)
        {
            devices[i] = order[i] switch
            {
                'a' or 'b' => 1,
                'c' => 2,
                'd' => 3,
                'n' => 4,
                _ => throw new ArgumentException($"Invalid boot device for PC: '{order[i]}'", nameof(order)),
            };
        }

        rtc.SetCmosByte(0x3D, (byte)((devices[1] << 4) | devices[0]));
        rtc.SetCmosByte(0x38, (byte)((devices[2] << 4) | (floppyBootSignatureCheck ? 0 : 1)));
    }

    private static CmosHardDisk? Unit(CmosConfiguration config, int unit) =>
        unit < config.HardDisks.Count ? config.HardDisks[unit] : null;

    // QEMU cmos_init_hd: type 47 and the AT drive parameter block layout.
    private static void SetHardDisk(Rtc146818 rtc, int typeOffset, int infoOffset, CmosHardDisk disk)
    {
        rtc.SetCmosByte(typeOffset, 47);
        rtc.SetCmosByte(infoOffset, (byte)disk.Cylinders);
        rtc.SetCmosByte(infoOffset + 1, (byte)(disk.Cylinders >> 8));
        rtc.SetCmosByte(infoOffset + 2, (byte)disk.Heads);
        rtc.SetCmosByte(infoOffset + 3, 0xFF);
        rtc.SetCmosByte(infoOffset + 4, 0xFF);
        rtc.SetCmosByte(infoOffset + 5, (byte)(0xC0 | (disk.Heads > 8 ? 0x08 : 0)));
        rtc.SetCmosByte(infoOffset + 6, (byte)disk.Cylinders);
        rtc.SetCmosByte(infoOffset + 7, (byte)(disk.Cylinders >> 8));
        rtc.SetCmosByte(infoOffset + 8, (byte)disk.Sectors);
    }

    private static void SetWord(Rtc146818 rtc, int offset, int value)
    {
        rtc.SetCmosByte(offset, (byte)value);
        rtc.SetCmosByte(offset + 1, (byte)(value >> 8));
    }
}
