using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Emu.Bios.Acpi;
using Emu.TestSupport;

namespace Emu.Bios.Tests;

/// <summary>
/// The ACPI tables POST builds, read back the way an OS finds them (ACPI 1.0b 5.2: RSDP in the F
/// segment, RSDT, FADT, FACS, DSDT) and disassembled with Debian's iasl, as acpidump + iasl -d do.
/// </summary>
public sealed class AcpiTableTests
{
    private const int RamBytes = 128 << 20;
    private readonly BiosHarness _h = new(new BiosConfiguration { Acpi = true }, RamBytes);

    [Fact]
    public void WithoutThePmFunctionThereAreNoTables()
    {
        BiosHarness isa = new(new BiosConfiguration(), RamBytes);
        for (uint address = 0xF0000; address < 0x100000; address += 16)
        {
            Assert.NotEqual(0x2052545020445352ul, isa.Memory.Read32(address) | ((ulong)isa.Memory.Read32(address + 4) << 32));
        }
    }

    [Fact]
    public void RsdpIsInTheFSegmentAndChecksums()
    {
        uint rsdp = FindRsdp();
        Assert.Equal(0, AcpiTables.Sum(Read(rsdp, AcpiTables.RsdpLength)));
        Assert.Equal("BOCHS ", Encoding.ASCII.GetString(Read(rsdp + 9, 6)));
        Assert.Equal(0, _h.Memory.Read8(rsdp + 15));
        uint rsdt = _h.Memory.Read32(rsdp + 16);
        Assert.InRange(rsdt, (uint)RamBytes - AcpiLayout.ReservedTopBytes, (uint)RamBytes - 1);
    }

    [Fact]
    public void RsdtListsOnlyTheFadtAndEveryTableChecksums()
    {
        uint rsdt = _h.Memory.Read32(FindRsdp() + 16);
        byte[] table = Table(rsdt, "RSDT");
        Assert.Equal(AcpiTables.HeaderLength + 4, table.Length); // no MADT: there is no APIC
        uint fadt = BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(36));
        byte[] facp = Table(fadt, "FACP");
        Assert.Equal(AcpiTables.FadtLength, facp.Length);
        uint facs = BinaryPrimitives.ReadUInt32LittleEndian(facp.AsSpan(36));
        Assert.Equal(0u, facs % 64);
        Assert.Equal("FACS", Encoding.ASCII.GetString(Read(facs, 4)));
        Table(BinaryPrimitives.ReadUInt32LittleEndian(facp.AsSpan(40)), "DSDT");
    }

    [Fact]
    public void IaslReadsTheFadtsPmBlocksAsQemusFadtGivesThem()
    {
        string text = Disassemble("facp", Fadt());
        Assert.Matches(Field("SCI Interrupt", "0009"), text);
        Assert.Matches(Field("SMI Command Port", "000000B2"), text);
        Assert.Matches(Field("ACPI Enable Value", "F1"), text);
        Assert.Matches(Field("ACPI Disable Value", "F0"), text);
        Assert.Matches(Field("PM1A Event Block Address", "00000600"), text);
        Assert.Matches(Field("PM1A Control Block Address", "00000604"), text);
        Assert.Matches(Field("PM Timer Block Address", "00000608"), text);
        Assert.Matches(Field("GPE0 Block Address", "0000AFE0"), text);
        Assert.Matches(Field("PM1 Event Block Length", "04"), text);
        Assert.Matches(Field("PM1 Control Block Length", "02"), text);
        Assert.Matches(Field("PM Timer Block Length", "04"), text);
        Assert.Matches(Field("RTC Century Index", "32"), text);
        Assert.DoesNotContain("Error", text, StringComparison.Ordinal);
    }

    [Fact]
    public void IaslReadsTheDsdtWithS5ThePciRootAndTheLegacyDevices()
    {
        byte[] fadt = Fadt();
        string text = Disassemble("dsdt", Table(BinaryPrimitives.ReadUInt32LittleEndian(fadt.AsSpan(40)), "DSDT"));
        Assert.Contains("Name (_S5, Package (0x04)", text, StringComparison.Ordinal);
        Assert.Contains("Device (PCI0)", text, StringComparison.Ordinal);
        Assert.Contains("EisaId (\"PNP0A03\")", text, StringComparison.Ordinal);
        Assert.Contains("Name (_PRT, Package", text, StringComparison.Ordinal);
        foreach (string id in new[] { "PNP0B00", "PNP0303", "PNP0F13", "PNP0700", "PNP0501", "PNP0C0F" })
        {
            Assert.Contains($"EisaId (\"{id}\")", text, StringComparison.Ordinal);
        }
    }

    private byte[] Fadt() => Table(BinaryPrimitives.ReadUInt32LittleEndian(Table(_h.Memory.Read32(FindRsdp() + 16), "RSDT").AsSpan(36)), "FACP");

    private static Regex Field(string name, string value) => new($@"{Regex.Escape(name)}\s*:\s*{value}\b");

    private uint FindRsdp()
    {
        for (uint address = 0xF0000; address < 0x100000; address += 16)
        {
            if (Encoding.ASCII.GetString(Read(address, 8)) == "RSD PTR ")
            {
                return address;
            }
        }

        Assert.Fail("no RSDP in F0000-FFFFF");
        return 0;
    }

    /// <summary>A table by address: its signature, the length from its header, a zero checksum.</summary>
    private byte[] Table(uint address, string signature)
    {
        Assert.Equal(signature, Encoding.ASCII.GetString(Read(address, 4)));
        byte[] table = Read(address, (int)_h.Memory.Read32(address + 4));
        Assert.Equal(0, AcpiTables.Sum(table));
        return table;
    }

    private byte[] Read(uint address, int length)
    {
        byte[] bytes = new byte[length];
        _h.Memory.ReadBlock(address, bytes);
        return bytes;
    }

    /// <summary>Runs <c>iasl -d</c> on one table and returns its .dsl text.</summary>
    private static string Disassemble(string name, byte[] table)
    {
        using TempDirectory dir = new();
        string input = Path.Combine(dir.Path, name + ".dat");
        File.WriteAllBytes(input, table);
        ProcessStartInfo start = new("iasl")
        {
            WorkingDirectory = dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-d");
        start.ArgumentList.Add(input);
        using Process iasl = Process.Start(start)!;
        Task<string> output = iasl.StandardOutput.ReadToEndAsync();
        Task<string> errors = iasl.StandardError.ReadToEndAsync();
        Assert.True(iasl.WaitForExit(60_000), "iasl -d did not finish");
        Assert.True(iasl.ExitCode == 0, $"iasl -d failed: {output.Result} {errors.Result}");
        return File.ReadAllText(Path.Combine(dir.Path, name + ".dsl"));
    }
}
