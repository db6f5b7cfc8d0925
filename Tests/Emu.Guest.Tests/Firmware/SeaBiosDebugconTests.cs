using System.Text.RegularExpressions;
using Emu.Guest.Tests.Ide;

namespace Emu.Guest.Tests.Firmware;

/// <summary>
/// Debian's SeaBIOS (<c>-bios /usr/share/seabios/bios.bin</c>) boots hello.img under emu and under
/// qemu-system-i386 with the same options, and its log on the isa-debugcon at 402h says the same
/// thing: QEMU detected, fw_cfg found with DMA, the e820 RAM entry, pm_base moved to 600h because
/// etc/table-loader exists, the PCI devices and BARs, the PIIX setup, the PM timer, the drives,
/// the final e820 map and the boot.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed partial class SeaBiosDebugconTests
{
    private const string SeaBios = "/usr/share/seabios/bios.bin";
    private const string BootSector = "Booting from 0000:7c00";

    [Fact]
    public void SeaBiosLogsWhatItLogsUnderQemuAndBootsHelloFromFloppy()
    {
        Assert.True(File.Exists(SeaBios), $"{SeaBios} is missing: tools/setup.sh installs Debian's seabios package");
        Assert.True(QemuRun.IsInstalled, "qemu-system-i386 is missing: tools/setup.sh installs it");
        using TempDirectory dir = new();
        string image = GuestImages.CopyTo("hello.img", dir.Path);
        string[] drives = ["-drive", $"file={image},format=raw,if=floppy,readonly=on"];
        string qemuLog = Path.Combine(dir.Path, "qemu.log");
        string emuLog = Path.Combine(dir.Path, "emu.log");

        string qemu = QemuRun.Until(dir.Path, qemuLog, text => text.Contains(BootSector + "\n", StringComparison.Ordinal),
            ["-serial", "null", "-bios", SeaBios, "-chardev", $"file,id=d,path={qemuLog}", "-device", "isa-debugcon,iobase=0x402,chardev=d", .. drives]);
        EmuProcess.Result result = EmuProcess.Run(dir.Path,
            ["-machine", "pc", "-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot", "-bios", SeaBios,
             "-chardev", $"file,id=d,path={emuLog}", "-device", "isa-debugcon,iobase=0x402,chardev=d", .. drives]);
        string emu = File.ReadAllText(emuLog);

        Assert.Equal("EMU-HELLO\r\n", result.Output);
        foreach (string line in (string[])["Running on QEMU (i440fx)", "Found QEMU fw_cfg", "Moving pm_base to 0x600", "Found 4 PCI devices (max PCI bus is 00)", "Using pmtimer, ioport 0x608"])
        {
            Assert.Contains(line + "\n", emu, StringComparison.Ordinal);
        }

        Assert.Equal(Comparable(qemu), Comparable(emu));
        Assert.EndsWith("Booting from Floppy...\n" + BootSector + "\n", qemu, StringComparison.Ordinal);
        Assert.EndsWith("Booting from Floppy...\n" + BootSector + "\n", emu, StringComparison.Ordinal);
    }

    /// <summary>
    /// The log up to the boot menu's INT 19h, without the lines that differ for reasons outside this
    /// machine: QEMU's CPU has a local APIC (Emu's has none, so SeaBIOS says "No apic"); QEMU adds
    /// its kvmvapic option ROM, which takes C0000-C27FF and, as a legacy ROM, a hard-disk boot entry
    /// tried first; and the MP/SMBIOS copies land where the different high allocations leave room.
    /// </summary>
    private static string[] Comparable(string log)
    {
        string[] lines = log[..log.IndexOf("enter handle_19:", StringComparison.Ordinal)].Split('\n');
        return [.. lines.Where(line => !Differs().IsMatch(line))];
    }

    [GeneratedRegex(@"^(Found 1 cpu\(s\)|No apic|Copying MPTABLE|Copying SMBIOS|Searching bootorder for: /rom@genroms/kvmvapic\.bin|Running option rom at c000:0003|Space available for UMB)")]
    private static partial Regex Differs();
}
