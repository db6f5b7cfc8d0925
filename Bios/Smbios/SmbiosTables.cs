using System.Buffers.Binary;
using System.Text;

namespace Emu.Bios.Smbios;

/// <summary>
/// The SMBIOS 2.8 structures QEMU's pc machine gives (QEMU hw/smbios/smbios.c, DMTF DSP0134 2.8,
/// the values measured from QEMU 7.2 + SeaBIOS with dmidecode): system (1), chassis (3), processor
/// (4), physical memory array (16), one memory device (17), memory array mapped address (19),
/// system boot (32) and end of table (127), with handles type × 100h as QEMU numbers them, and,
/// when a BIOS describes itself, BIOS information (0) first. Under QEMU, type 0 is the firmware's
/// own (SeaBIOS adds it to the fw_cfg tables), so the fw_cfg copy leaves it out.
/// </summary>
public static class SmbiosTables
{
    public const int EntryPointLength = 0x1F;

    private const string Manufacturer = "QEMU";
    private const string Product = "Standard PC (i440FX + PIIX, 1996)";
    private const string MachineVersion = "pc-i440fx-7.2";
    private const ushort NoHandle = 0xFFFE;
    private const ushort MaxSpeedMhz = 2000;

    /// <summary>The structure table for <paramref name="ramBytes"/> of RAM and a CPU with the given CPUID(1) EAX and EDX.</summary>
    public static byte[] Build(long ramBytes, uint cpuSignature, uint cpuFeatures, SmbiosBiosInformation? bios)
    {
        List<byte> table = [];
        if (bios is not null)
        {
            AddBiosInformation(table, bios);
        }

        byte[] system = Formatted(1, 27, 0x0100);
        system[4] = 1;
        system[5] = 2;
        system[6] = 3;
        system[24] = 6; // wake-up type: power switch; UUID all zero ("not settable")
        Add(table, system, Manufacturer, Product, MachineVersion);

        byte[] chassis = Formatted(3, 22, 0x0300);
        chassis[4] = 1;
        chassis[5] = 1; // type: other
        chassis[6] = 2;
        chassis[9] = chassis[10] = chassis[11] = 3; // boot-up, power supply and thermal state: safe
        chassis[12] = 2; // security status: unknown
        Add(table, chassis, Manufacturer, MachineVersion);

        byte[] processor = Formatted(4, 42, 0x0400);
        processor[4] = 1;
        processor[5] = 3; // central processor
        processor[6] = 1; // family: other
        processor[7] = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(processor.AsSpan(8), cpuSignature);
        BinaryPrimitives.WriteUInt32LittleEndian(processor.AsSpan(12), cpuFeatures);
        processor[16] = 3;
        BinaryPrimitives.WriteUInt16LittleEndian(processor.AsSpan(20), MaxSpeedMhz);
        BinaryPrimitives.WriteUInt16LittleEndian(processor.AsSpan(22), MaxSpeedMhz);
        processor[24] = 0x41; // socket populated, CPU enabled
        processor[25] = 1; // upgrade: other
        processor.AsSpan(26, 6).Fill(0xFF); // no L1/L2/L3 cache structures
        processor[35] = processor[36] = processor[37] = 1; // one core, enabled, one thread
        BinaryPrimitives.WriteUInt16LittleEndian(processor.AsSpan(38), 0x0002); // characteristics: unknown
        BinaryPrimitives.WriteUInt16LittleEndian(processor.AsSpan(40), 0x0001); // family 2: other
        Add(table, processor, "CPU 0", Manufacturer, MachineVersion);

        uint ramKiB = (uint)(ramBytes >> 10);
        byte[] array = Formatted(16, 23, 0x1000);
        array[4] = 1; // location: other
        array[5] = 3; // use: system memory
        array[6] = 6; // error correction: multi-bit ECC
        BinaryPrimitives.WriteUInt32LittleEndian(array.AsSpan(7), ramKiB);
        BinaryPrimitives.WriteUInt16LittleEndian(array.AsSpan(11), NoHandle);
        BinaryPrimitives.WriteUInt16LittleEndian(array.AsSpan(13), 1);
        Add(table, array);

        byte[] device = Formatted(17, 40, 0x1100);
        BinaryPrimitives.WriteUInt16LittleEndian(device.AsSpan(4), 0x1000);
        BinaryPrimitives.WriteUInt16LittleEndian(device.AsSpan(6), NoHandle);
        BinaryPrimitives.WriteUInt32LittleEndian(device.AsSpan(8), 0xFFFF_FFFF); // total and data width unknown
        BinaryPrimitives.WriteUInt16LittleEndian(device.AsSpan(12), (ushort)(ramBytes >> 20)); // size in MiB
        device[14] = 9; // form factor: DIMM
        device[16] = 1;
        device[18] = 7; // type: RAM
        BinaryPrimitives.WriteUInt16LittleEndian(device.AsSpan(19), 0x0002); // type detail: other
        device[23] = 2;
        Add(table, device, "DIMM 0", Manufacturer);

        byte[] mapped = Formatted(19, 31, 0x1300);
        BinaryPrimitives.WriteUInt32LittleEndian(mapped.AsSpan(8), ramKiB - 1);
        BinaryPrimitives.WriteUInt16LittleEndian(mapped.AsSpan(12), 0x1000);
        mapped[14] = 1; // partition width
        Add(table, mapped);

        Add(table, Formatted(32, 11, 0x2000)); // boot status: no errors
        Add(table, Formatted(127, 4, 0x7F00));
        return [.. table];
    }

    /// <summary>The 2.8 entry point ("_SM_", DSP0134 5.2.1) for <paramref name="table"/> placed at <paramref name="tableAddress"/>.</summary>
    public static byte[] EntryPoint(ReadOnlySpan<byte> table, uint tableAddress)
    {
        byte[] ep = new byte[EntryPointLength];
        Encoding.ASCII.GetBytes("_SM_", ep);
        ep[5] = EntryPointLength;
        ep[6] = 2;
        ep[7] = 8;
        (int count, int largest) = Measure(table);
        BinaryPrimitives.WriteUInt16LittleEndian(ep.AsSpan(8), (ushort)largest);
        Encoding.ASCII.GetBytes("_DMI_", ep.AsSpan(0x10));
        BinaryPrimitives.WriteUInt16LittleEndian(ep.AsSpan(0x16), (ushort)table.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(ep.AsSpan(0x18), tableAddress);
        BinaryPrimitives.WriteUInt16LittleEndian(ep.AsSpan(0x1C), (ushort)count);
        ep[0x1E] = 0x28;
        ep[0x15] = Checksum(ep.AsSpan(0x10, EntryPointLength - 0x10));
        ep[4] = Checksum(ep);
        return ep;
    }

    /// <summary>The number of structures in <paramref name="table"/> and the largest one's size with its strings.</summary>
    public static (int Count, int Largest) Measure(ReadOnlySpan<byte> table)
    {
        int count = 0, largest = 0, at = 0;
        while (at + 4 <= table.Length)
        {
            int end = at + table[at + 1];
            while (end + 1 < table.Length && (table[end] != 0 || table[end + 1] != 0))
            {
                end++;
            }

            end += 2;
            count++;
            largest = Math.Max(largest, end - at);
            at = end;
        }

        return (count, largest);
    }

    private static void AddBiosInformation(List<byte> table, SmbiosBiosInformation bios)
    {
        byte[] info = Formatted(0, 24, 0x0000);
        info[4] = 1;
        info[5] = 2;
        BinaryPrimitives.WriteUInt16LittleEndian(info.AsSpan(6), bios.StartSegment);
        info[9] = (byte)((bios.RomBytes >> 16) - 1); // ROM size in 64 KiB units, minus one
        info[10] = 0x08; // characteristics not supported
        info[19] = 0x04; // extension byte 2: targeted content distribution
        info[22] = info[23] = 0xFF; // no embedded controller
        Add(table, info, bios.Vendor, bios.Version);
    }

    private static byte[] Formatted(byte type, byte length, ushort handle)
    {
        byte[] bytes = new byte[length];
        bytes[0] = type;
        bytes[1] = length;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), handle);
        return bytes;
    }

    /// <summary>A structure: its formatted area, then its strings, each NUL-terminated, then one more NUL (two without strings).</summary>
    private static void Add(List<byte> table, byte[] formatted, params string[] strings)
    {
        table.AddRange(formatted);
        foreach (string text in strings)
        {
            table.AddRange(Encoding.ASCII.GetBytes(text));
            table.Add(0);
        }

        if (strings.Length == 0)
        {
            table.Add(0);
        }

        table.Add(0);
    }

    private static byte Checksum(ReadOnlySpan<byte> bytes)
    {
        byte sum = 0;
        foreach (byte b in bytes)
        {
            sum += b;
        }

        return (byte)(0 - sum);
    }
}
