using System.Buffers.Binary;
using System.Reflection;
using System.Text;

namespace Emu.Bios.Acpi;

/// <summary>
/// Builds the ACPI 1.0 tables of the pc machine into a table area (ACPI 1.0b chapter 5): RSDP →
/// RSDT → FADT → FACS and DSDT. The DSDT is firmware/acpi/dsdt.asl, compiled by iasl at build
/// time. There is no APIC, hence no MADT. The FADT describes the PIIX4 PM at
/// <see cref="AcpiLayout.PmBase"/> as QEMU's FADT for the same machine does.
/// </summary>
public static class AcpiTables
{
    public const int HeaderLength = 36;
    public const int RsdpLength = 20;
    public const int FadtLength = 116;
    public const int FacsLength = 64;

    /// <summary>Offsets of the FADT's FIRMWARE_CTRL and DSDT fields, of the RSDT's first entry and of the RSDP's RSDT address.</summary>
    public const int FadtFacsField = 36;
    public const int FadtDsdtField = 40;
    public const int RsdtFirstEntry = HeaderLength;
    public const int RsdpRsdtField = 16;

    /// <summary>Offsets of the checksum byte in a description header and in the RSDP.</summary>
    public const int HeaderChecksumField = 9;
    public const int RsdpChecksumField = 8;

    /// <summary>The compiled DSDT (AML with its own header and checksum).</summary>
    public static byte[] Dsdt { get; } = LoadDsdt();

    /// <summary>
    /// Writes FACS, DSDT, FADT and RSDT into <paramref name="area"/>, which the guest sees at
    /// physical <paramref name="areaBase"/>, and the RSDP into <paramref name="rsdp"/>. Returns
    /// where each table went (offsets inside <paramref name="area"/>).
    /// </summary>
    public static AcpiPlacement Build(Span<byte> area, uint areaBase, Span<byte> rsdp)
    {
        area.Clear();
        int facs = 0;
        WriteFacs(area.Slice(facs, FacsLength));
        int dsdt = FacsLength;
        Dsdt.CopyTo(area[dsdt..]);
        int fadt = Align16(dsdt + Dsdt.Length);
        WriteFadt(area.Slice(fadt, FadtLength), areaBase + (uint)facs, areaBase + (uint)dsdt);
        int rsdt = Align16(fadt + FadtLength);
        int rsdtLength = HeaderLength + 4;
        Span<byte> rsdtTable = area.Slice(rsdt, rsdtLength);
        WriteHeader(rsdtTable, "RSDT", rsdtLength, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(rsdtTable[RsdtFirstEntry..], areaBase + (uint)fadt);
        FixChecksum(rsdtTable, HeaderChecksumField);
        WriteRsdp(rsdp, areaBase + (uint)rsdt);
        return new AcpiPlacement(facs, dsdt, fadt, rsdt, rsdtLength);
    }

    /// <summary>The 8-bit sum of <paramref name="bytes"/> (0 for a valid table).</summary>
    public static byte Sum(ReadOnlySpan<byte> bytes)
    {
        byte sum = 0;
        foreach (byte b in bytes)
        {
            sum += b;
        }

        return sum;
    }

    /// <summary>ACPI 1.0b 5.2.4.3: "RSD PTR ", checksum over 20 bytes, OEM id, revision 0, RSDT address.</summary>
    private static void WriteRsdp(Span<byte> rsdp, uint rsdt)
    {
        rsdp[..RsdpLength].Clear();
        Encoding.ASCII.GetBytes("RSD PTR ", rsdp);
        Encoding.ASCII.GetBytes(AcpiLayout.OemId, rsdp[9..]);
        rsdp[15] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(rsdp[RsdpRsdtField..], rsdt);
        FixChecksum(rsdp[..RsdpLength], RsdpChecksumField);
    }

    /// <summary>ACPI 1.0b 5.2.8: 64 bytes, no waking vector, global lock free.</summary>
    private static void WriteFacs(Span<byte> facs)
    {
        Encoding.ASCII.GetBytes("FACS", facs);
        BinaryPrimitives.WriteUInt32LittleEndian(facs[4..], FacsLength);
    }

    /// <summary>ACPI 1.0b 5.2.5 (revision 1, 116 bytes), field by field.</summary>
    private static void WriteFadt(Span<byte> fadt, uint facs, uint dsdt)
    {
        WriteHeader(fadt, "FACP", FadtLength, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(fadt[FadtFacsField..], facs);            // FIRMWARE_CTRL
        BinaryPrimitives.WriteUInt32LittleEndian(fadt[FadtDsdtField..], dsdt);            // DSDT
        fadt[44] = 0;                                                                      // INT_MODEL: dual 8259 PIC
        BinaryPrimitives.WriteUInt16LittleEndian(fadt[46..], AcpiLayout.SciIrq);          // SCI_INT
        BinaryPrimitives.WriteUInt32LittleEndian(fadt[48..], AcpiLayout.SmiCommand);      // SMI_CMD
        fadt[52] = AcpiLayout.AcpiEnable;                                                  // ACPI_ENABLE
        fadt[53] = AcpiLayout.AcpiDisable;                                                 // ACPI_DISABLE
        BinaryPrimitives.WriteUInt32LittleEndian(fadt[56..], AcpiLayout.Pm1aEventBlock);  // PM1a_EVT_BLK
        BinaryPrimitives.WriteUInt32LittleEndian(fadt[64..], AcpiLayout.Pm1aControlBlock); // PM1a_CNT_BLK
        BinaryPrimitives.WriteUInt32LittleEndian(fadt[76..], AcpiLayout.PmTimerBlock);    // PM_TMR_BLK
        BinaryPrimitives.WriteUInt32LittleEndian(fadt[80..], AcpiLayout.Gpe0Block);       // GPE0_BLK
        fadt[88] = 4;                                                                      // PM1_EVT_LEN
        fadt[89] = 2;                                                                      // PM1_CNT_LEN
        fadt[91] = 4;                                                                      // PM_TM_LEN
        fadt[92] = 4;                                                                      // GPE0_BLK_LEN
        BinaryPrimitives.WriteUInt16LittleEndian(fadt[96..], 0x0FFF);                     // P_LVL2_LAT: no C2
        BinaryPrimitives.WriteUInt16LittleEndian(fadt[98..], 0x0FFF);                     // P_LVL3_LAT: no C3
        fadt[108] = 0x32;                                                                  // CENTURY: CMOS 32h
        const uint wbinvd = 1 << 0, procC1 = 1 << 2, sleepButtonAbsent = 1 << 5, rtcS4 = 1 << 7;
        BinaryPrimitives.WriteUInt32LittleEndian(fadt[112..], wbinvd | procC1 | sleepButtonAbsent | rtcS4); // Flags (24-bit PM timer)
        FixChecksum(fadt, HeaderChecksumField);
    }

    /// <summary>The 36-byte description header (ACPI 1.0b 5.2.6), checksum left to the caller.</summary>
    private static void WriteHeader(Span<byte> table, string signature, int length, byte revision)
    {
        Encoding.ASCII.GetBytes(signature, table);
        BinaryPrimitives.WriteUInt32LittleEndian(table[4..], (uint)length);
        table[8] = revision;
        Encoding.ASCII.GetBytes(AcpiLayout.OemId, table[10..]);
        Encoding.ASCII.GetBytes(AcpiLayout.OemTableId, table[16..]);
        BinaryPrimitives.WriteUInt32LittleEndian(table[24..], 1);
        Encoding.ASCII.GetBytes("BXPC", table[28..]);
        BinaryPrimitives.WriteUInt32LittleEndian(table[32..], 1);
    }

    private static void FixChecksum(Span<byte> table, int at)
    {
        table[at] = 0;
        table[at] = (byte)(0 - Sum(table));
    }

    private static int Align16(int offset) => (offset + 15) & ~15;

    private static byte[] LoadDsdt()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Emu.Bios.dsdt.aml")
            ?? throw new InvalidOperationException("the compiled DSDT (Emu.Bios.dsdt.aml) is missing from the build");
        byte[] aml = new byte[stream.Length];
        stream.ReadExactly(aml);
        return aml;
    }
}
