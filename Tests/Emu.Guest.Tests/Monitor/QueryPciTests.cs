using System.Text.Json.Nodes;
using Emu.Guest.Tests.Ide;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// query-pci side by side with qemu-system-i386 once the firmware has set the bus up and hello.img
/// has printed EMU-HELLO: the same functions, classes, ids, interrupt pins and lines, BARs and the
/// addresses the firmware gave them, in the same member order; with the built-in BIOS and with
/// SeaBIOS. QEMU runs with <c>-nic none</c> until Emu has a NIC.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class QueryPciTests
{
    [Theory]
    [InlineData("pc", false)]
    [InlineData("pc", true)]
    [InlineData("isapc", false)]
    public async Task QueryPciEqualsQemusAfterTheFirmwareRan(string machine, bool seaBios)
    {
        Assert.True(QemuRun.IsInstalled, "qemu-system-i386 is missing: tools/setup.sh installs it");
        using TempDirectory dir = new();
        string image = GuestImages.CopyTo("hello.img", dir.Path);
        string Run(string who) => Path.Combine(dir.Path, who + "-serial.txt");
        string[] Args(string who) =>
            ["-machine", machine, "-display", "none", "-drive", $"file={image},format=raw,if=floppy,readonly=on", "-serial", $"file:{Run(who)}",
             .. seaBios ? new[] { "-bios", "/usr/share/seabios/bios.bin" } : []];

        JsonNode qemu = await SideBySideQmp.QueryAsync(qemu: true, dir.Path, "query-pci", ["-nic", "none", .. Args("qemu")], Run("qemu"), "EMU-HELLO");
        JsonNode emu = await SideBySideQmp.QueryAsync(qemu: false, dir.Path, "query-pci", Args("emu"), Run("emu"), "EMU-HELLO");

        Assert.Equal(qemu.ToJsonString(), emu.ToJsonString());
        if (machine == "pc")
        {
            Assert.Equal(5, qemu[0]!["devices"]!.AsArray().Count);
        }
    }
}
