using System.Collections.Concurrent;
using System.Text;
using Xunit.Abstractions;

namespace Emu.Guest.Tests.Ide;

/// <summary>
/// Issue 10's geometry table: firmware/tests/geometry.asm (INT 13h AH=08h/15h/48h with the DPTE,
/// the INT 41h FDPT, a CHS read, CMOS 10h-3Fh, IDENTIFY words 0-7/53-61/100-103) booted under
/// qemu-system-i386 -machine pc (QEMU 7.2 + SeaBIOS) and under the emu process with the same
/// -drive/-device options must print the same, for disk sizes from 10 MiB to 200 GiB (sparse),
/// MBRs implying 255/63, 16/63, 4/17 and 64/32, the five bios-chs-trans policies, explicit
/// cyls/heads/secs and lcyls/lheads/lsecs. Cases of a group run two per core (the processes mostly start up and wait); each case runs
/// QEMU and then Emu on the same image (neither writes it). Without QEMU the AH=08h/15h lines
/// are compared with the spec's algorithm (<see cref="SpecGeometry"/>), and the test says so.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class GeometryComparisonTests
{
    private const long MiB = 1L << 20;
    private const long GiB = 1L << 30;

    private static readonly long[] Sizes =
        [10 * MiB, 504 * MiB, 528 * MiB, 2 * GiB, 4032 * MiB, 4033 * MiB, 8032 * MiB, 8 * GiB, 32 * GiB, 200 * GiB];

    private static readonly (int Heads, int Sectors)?[] Mbrs = [null, (255, 63), (16, 63), (4, 17), (64, 32)];

    private static readonly string[] Policies = ["auto", "none", "lba", "large", "rechs"];

    private readonly ITestOutputHelper _output;

    public GeometryComparisonTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<string> Groups => ["size-mbr-auto", "size-policy", "mbr-policy", "explicit"];

    [Theory]
    [MemberData(nameof(Groups))]
    public void TheProbePrintsWhatQemuPrints(string group)
    {
        List<ProbeCase> cases = Cases(group);
        ConcurrentBag<string> mismatches = [];
        bool qemu = QemuRun.IsInstalled;
        if (!qemu)
        {
            _output.WriteLine("qemu-system-i386 is not installed: comparing INT 13h AH=08h/15h with the algorithm of spec ide-atapi-bios.md C.2-C.6 instead");
            cases = [.. cases.Where(c => c.Properties.StartsWith("bios-chs-trans=", StringComparison.Ordinal))];
        }

        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, probe =>
        {
            if (Compare(probe, qemu) is { } mismatch)
            {
                mismatches.Add(mismatch);
            }
        });
        _output.WriteLine($"{cases.Count} cases compared with {(qemu ? "qemu-system-i386" : "the spec's algorithm")}");
        Assert.True(mismatches.IsEmpty, string.Join("\n\n", mismatches));
    }

    [Fact]
    public void SeventeenHeadsAreRefusedWithQemusText()
    {
        using TempDirectory dir = new();
        string disk = GeometryDisk.Create(dir.File("d.img"), 2 * GiB, null);
        string[] args = ["-drive", $"if=none,id=d0,file={disk},format=raw", "-device", "ide-hd,drive=d0,bus=ide.0,unit=0,cyls=4161,heads=17,secs=63"];
        EmuProcess.Result emu = EmuProcess.Run(dir.Path, ["-machine", "pc", "-nodefaults", "-display", "none", .. args]);
        Assert.Equal(1, emu.ExitCode);
        Assert.Equal("emu: -device ide-hd,drive=d0,bus=ide.0,unit=0,cyls=4161,heads=17,secs=63: heads must be between 1 and 16", emu.StandardError.Trim());
        if (!QemuRun.IsInstalled)
        {
            _output.WriteLine("qemu-system-i386 is not installed: compared with the text of spec ide-atapi-bios.md C.2 only");
            return;
        }

        System.Diagnostics.ProcessStartInfo start = new("qemu-system-i386") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in (string[])["-machine", "pc", "-nodefaults", "-display", "none", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start)!;
        string qemuError = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000));
        Assert.Equal(1, process.ExitCode);
        Assert.Equal(qemuError.Trim().Replace("qemu-system-i386: ", string.Empty, StringComparison.Ordinal), emu.StandardError.Trim()["emu: ".Length..]);
    }

    private static List<ProbeCase> Cases(string group) => group switch
    {
        "size-mbr-auto" => [.. Sizes.SelectMany(size => Mbrs.Select(mbr => new ProbeCase(size, mbr, "bios-chs-trans=auto")))],
        "size-policy" => [.. Sizes.SelectMany(size => Policies.Skip(1).Select(policy => new ProbeCase(size, null, $"bios-chs-trans={policy}")))],
        "mbr-policy" => [.. new[] { 10 * MiB, 504 * MiB, 2 * GiB }.SelectMany(size => Mbrs.Skip(1).SelectMany(mbr => Policies.Skip(1).Select(policy => new ProbeCase(size, mbr, $"bios-chs-trans={policy}"))))],
        _ =>
        [
            new(32 * GiB, null, "cyls=65535,heads=16,secs=63"),
            new(32 * GiB, null, "cyls=65535,heads=16,secs=63,bios-chs-trans=rechs"),
            new(2 * GiB, null, "cyls=1000,heads=16,secs=100"),
            new(2 * GiB, null, "cyls=1000,heads=16,secs=100,bios-chs-trans=none"),
            new(2 * GiB, null, "cyls=500,heads=8,secs=32"),
            new(2 * GiB, null, "cyls=500,heads=8,secs=32,bios-chs-trans=large"),
            new(2 * GiB, null, "lcyls=500,lheads=64,lsecs=32"),
            new(2 * GiB, null, "lcyls=500,lheads=64,lsecs=32,bios-chs-trans=rechs"),
            new(2 * GiB, null, "lcyls=2000,lheads=255,lsecs=63"),
        ],
    };

    /// <summary>Runs one case under both (or Emu against the spec); returns a description of the difference, or null.</summary>
    private static string? Compare(ProbeCase probe, bool withQemu)
    {
        using TempDirectory dir = new();
        string floppy = IdeMedia.Floppy(dir.Path, "geometry");
        string disk = GeometryDisk.Create(dir.File("disk.img"), probe.Bytes, probe.Mbr);
        string[] machine =
        [
            "-boot", "a", "-drive", $"file={floppy},if=floppy,format=raw,readonly=on",
            "-drive", $"if=none,id=d0,file={disk},format=raw", "-device", $"ide-hd,drive=d0,bus=ide.0,unit=0,{probe.Properties}",
        ];
        string? reference = null;
        if (withQemu)
        {
            string serial = dir.File("qemu-com1.txt");
            reference = QemuRun.UntilDone(dir.Path, serial, ["-serial", $"file:{serial}", .. machine]);
        }

        EmuProcess.Result emu = EmuProcess.Run(dir.Path, ["-machine", "pc", "-nodefaults", "-display", "none", "-serial", "stdio", .. machine]);
        string emuText = emu.Output;
        if (reference is null)
        {
            string[] expected = SpecGeometry.Lines(probe.Bytes, probe.Mbr, probe.Properties["bios-chs-trans=".Length..]);
            string[] got = [.. emuText.Split('\n').Where(line => line.Contains(" ah08 ", StringComparison.Ordinal) || line.Contains(" ah15 ", StringComparison.Ordinal))];
            return expected.SequenceEqual(got) ? null : $"{probe}:\nspec:\n{string.Join('\n', expected)}\nemu:\n{string.Join('\n', got)}";
        }

        if (reference == emuText)
        {
            return null;
        }

        StringBuilder diff = new($"{probe}:\n");
        string[] q = reference.Split('\n');
        string[] e = emuText.Split('\n');
        for (int i = 0; i < Math.Max(q.Length, e.Length); i++)
        {
            string ql = i < q.Length ? q[i] : "(none)";
            string el = i < e.Length ? e[i] : "(none)";
            if (ql != el)
            {
                diff.Append("  qemu: ").AppendLine(ql).Append("  emu:  ").AppendLine(el);
            }
        }

        return diff.ToString() + emu.StandardError;
    }

    private sealed record ProbeCase(long Bytes, (int Heads, int Sectors)? Mbr, string Properties)
    {
        public override string ToString() =>
            $"{Bytes / MiB} MiB, {(Mbr is { } m ? $"MBR {m.Heads}/{m.Sectors}" : "no MBR")}, {Properties}";
    }
}
