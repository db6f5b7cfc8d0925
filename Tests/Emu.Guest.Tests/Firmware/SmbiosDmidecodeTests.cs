using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Emu.Core.Machine;
using Emu.Guest.Tests.Ide;
using Emu.Guest.Tests.Monitor;

namespace Emu.Guest.Tests.Firmware;

/// <summary>
/// SMBIOS as Debian's dmidecode decodes it (a <c>--dump-bin</c> style file: the entry point, then
/// the table at 20h), taken from QEMU + SeaBIOS through QMP pmemsave and from Emu's memory after
/// POST: the same structures and values for the same -m. With SeaBIOS under Emu the whole decode
/// equals QEMU's (SeaBIOS adds its own type 0 in both); the built-in BIOS's type 0 describes Emu.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class SmbiosDmidecodeTests
{
    private const string SeaBios = "/usr/share/seabios/bios.bin";

    [Theory]
    [InlineData(false, "128")]
    [InlineData(false, "512")]
    [InlineData(true, "128")]
    public async Task DmidecodeReadsQemusTables(bool seaBios, string ram)
    {
        Assert.True(File.Exists("/usr/sbin/dmidecode"), "dmidecode is missing: tools/setup.sh installs it");
        using TempDirectory dir = new();
        string image = GuestImages.CopyTo("hello.img", dir.Path);
        string[] args = ["-m", ram, "-display", "none", "-drive", $"file={image},format=raw,if=floppy,readonly=on", .. seaBios ? new[] { "-bios", SeaBios } : []];

        string qemu = Decode(dir.Path, "qemu", await QemuDumpAsync(dir.Path, args));
        using InProcessPc pc = new(args);
        Assert.Equal(MachineStopReason.HaltedForever, pc.Machine.Run(2_000_000_000)); // hello.img ends on cli; hlt
        string emu = Decode(dir.Path, "emu", Dump(address => pc.Machine.Memory.Read8(address)));

        Assert.Contains($"Size: {ram} MB", qemu);
        Assert.Contains($"\tID: 63 06 00 00 {Hex(Emu.Core.Cpu.Cpu.CpuidFeaturesEdx)}\n", emu);
        if (seaBios)
        {
            Assert.Equal(WithoutCpuFeatures(qemu), WithoutCpuFeatures(emu));
        }
        else
        {
            Assert.Equal(WithoutCpuFeatures(WithoutBiosInformation(qemu)), WithoutCpuFeatures(WithoutBiosInformation(emu)));
            Assert.Contains("\tVendor: Emu\n", emu);
        }
    }

    /// <summary>
    /// Type 4's ID is CPUID(1) EAX then EDX: the signatures are equal, but Emu's core implements
    /// fewer features than QEMU's qemu32 model and says so (checked above against its CPUID).
    /// </summary>
    private static string WithoutCpuFeatures(string decoded) =>
        Regex.Replace(decoded, @"(\tID: (?:[0-9A-F]{2} ){4})(?:[0-9A-F]{2} ?){4}", "$1(features)");

    private static string Hex(uint value) => string.Join(' ', BitConverter.GetBytes(value).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Boots QEMU to hello.img's EMU-HELLO and saves the F segment and the table it points to.</summary>
    private static async Task<byte[]> QemuDumpAsync(string directory, string[] args)
    {
        string serial = Path.Combine(directory, "qemu-serial.txt");
        string segment = Path.Combine(directory, "fseg.bin");
        string socket = Path.Combine(directory, "smbios-qmp.sock");
        using MonitoredEmu qemu = MonitoredEmu.StartQemu(directory, [.. args, "-vga", "none", "-nic", "none", "-serial", $"file:{serial}", "-qmp", $"unix:{socket},server=on,wait=off"]);
        await using QmpClient client = await qemu.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socket));
        await client.ReadAsync();
        await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
        Stopwatch waited = Stopwatch.StartNew();
        while (!(File.Exists(serial) && File.ReadAllText(serial).Contains("EMU-HELLO", StringComparison.Ordinal)))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), "QEMU did not boot hello.img");
            await Task.Delay(50);
        }

        await client.ExecuteAsync($"{{\"execute\": \"pmemsave\", \"arguments\": {{\"val\": {0xF0000}, \"size\": {0x10000}, \"filename\": \"{segment}\"}}}}");
        byte[] fseg = File.ReadAllBytes(segment);
        (uint table, int length) = TableOf(fseg, EntryPointAt(i => fseg[i]));
        string tableFile = Path.Combine(directory, "table.bin");
        await client.ExecuteAsync($"{{\"execute\": \"pmemsave\", \"arguments\": {{\"val\": {table}, \"size\": {length}, \"filename\": \"{tableFile}\"}}}}");
        byte[] tableBytes = File.ReadAllBytes(tableFile);
        await client.ExecuteAsync("{\"execute\": \"quit\"}");
        await client.ReadToEndAsync();
        await qemu.WaitForExitAsync();
        byte[] ep = fseg.AsSpan(EntryPointAt(i => fseg[i]), 0x1F).ToArray();
        return DumpFile(ep, tableBytes);
    }

    private static byte[] Dump(Func<uint, byte> read)
    {
        byte[] fseg = new byte[0x10000];
        for (uint i = 0; i < fseg.Length; i++)
        {
            fseg[i] = read(0xF0000 + i);
        }

        int at = EntryPointAt(i => fseg[i]);
        (uint table, int length) = TableOf(fseg, at);
        byte[] tableBytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            tableBytes[i] = read(table + (uint)i);
        }

        return DumpFile(fseg.AsSpan(at, 0x1F).ToArray(), tableBytes);
    }

    private static int EntryPointAt(Func<int, byte> fseg)
    {
        for (int i = 0; i < 0x10000; i += 16)
        {
            if (fseg(i) == '_' && fseg(i + 1) == 'S' && fseg(i + 2) == 'M' && fseg(i + 3) == '_')
            {
                return i;
            }
        }

        Assert.Fail("no SMBIOS entry point in the F segment");
        return -1;
    }

    private static (uint Table, int Length) TableOf(byte[] fseg, int at) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(fseg.AsSpan(at + 0x18)), BinaryPrimitives.ReadUInt16LittleEndian(fseg.AsSpan(at + 0x16)));

    /// <summary>dmidecode's dump layout: the entry point with its table address set to 20h (checksums fixed), the table at 20h.</summary>
    private static byte[] DumpFile(byte[] entryPoint, byte[] table)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(entryPoint.AsSpan(0x18), 0x20);
        entryPoint[0x15] = 0;
        entryPoint[0x15] = (byte)(0 - Sum(entryPoint.AsSpan(0x10)));
        entryPoint[4] = 0;
        entryPoint[4] = (byte)(0 - Sum(entryPoint));
        byte[] file = new byte[0x20 + table.Length];
        entryPoint.CopyTo(file, 0);
        table.CopyTo(file, 0x20);
        return file;
    }

    private static byte Sum(ReadOnlySpan<byte> bytes)
    {
        byte sum = 0;
        foreach (byte b in bytes)
        {
            sum += b;
        }

        return sum;
    }

    private static string Decode(string directory, string name, byte[] dump)
    {
        string path = Path.Combine(directory, name + "-smbios.bin");
        File.WriteAllBytes(path, dump);
        ProcessStartInfo start = new("/usr/sbin/dmidecode") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--from-dump");
        start.ArgumentList.Add(path);
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return string.Join('\n', output.Split('\n').Where(line => !line.StartsWith("Reading SMBIOS/DMI data from file", StringComparison.Ordinal)));
    }

    /// <summary>The decode without the type 0 structure and the totals that include it.</summary>
    private static string WithoutBiosInformation(string decoded)
    {
        StringBuilder kept = new();
        bool skipping = false;
        foreach (string line in decoded.Split('\n'))
        {
            if (line.StartsWith("Handle ", StringComparison.Ordinal))
            {
                skipping = line.Contains("DMI type 0,", StringComparison.Ordinal);
            }

            if (!skipping && !line.Contains("structures occupying", StringComparison.Ordinal))
            {
                kept.Append(line).Append('\n');
            }
        }

        return kept.ToString();
    }
}
