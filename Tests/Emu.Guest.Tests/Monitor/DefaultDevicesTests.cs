using System.Text.Json.Nodes;
using Emu.Guest.Tests.Ide;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// QEMU's default drives on the pc machine, through query-block side by side with qemu-system-i386:
/// without <c>-nodefaults</c> an empty ide1-cd0 (unless index 2 or an IDE <c>-device</c> is
/// given), an empty floppy0 (unless floppy index 0 is) and the device-less sd0; none with
/// <c>-nodefaults</c>. QEMU runs with <c>-vga none -nic none -parallel none</c>, the devices Emu
/// does not have yet (its NIC and parallel port would shift QEMU's device numbers).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class DefaultDevicesTests
{
    public static TheoryData<string[]> Configurations => new()
    {
        Array.Empty<string>(),
        new[] { "-nodefaults" },
        new[] { "-cdrom", "{cd}" },
        new[] { "-hda", "{disk}", "-fdb", "{floppy}" },
        new[] { "-device", "ide-cd,bus=ide.1,unit=0" },
        new[] { "-drive", "if=ide,index=3,media=cdrom", "-serial", "null", "-serial", "null" },
        new[] { "-drive", "if=none,id=spare,file={disk},format=raw" },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task QueryBlockListsQemusDefaultDrives(string[] extra)
    {
        Assert.True(QemuRun.IsInstalled, "qemu-system-i386 is missing: tools/setup.sh installs it");
        using TempDirectory dir = new();
        string kernel = GuestImages.Require("vmlinuz");
        Dictionary<string, string> files = new()
        {
            ["{cd}"] = Image(dir.Path, "cd.iso", 2048 * 16),
            ["{disk}"] = Image(dir.Path, "disk.img", 1 << 20),
            ["{floppy}"] = Image(dir.Path, "floppy.img", 1_474_560),
        };
        string[] args = ["-S", "-display", "none", "-kernel", kernel, .. extra.Select(a => files.Aggregate(a, (text, f) => text.Replace(f.Key, f.Value, StringComparison.Ordinal)))];

        JsonNode qemu = await SideBySideQmp.QueryAsync(qemu: true, dir.Path, "query-block", ["-vga", "none", "-nic", "none", "-parallel", "none", .. args]);
        JsonNode emu = await SideBySideQmp.QueryAsync(qemu: false, dir.Path, "query-block", args);

        Assert.Equal(Summary(qemu), Summary(emu));
    }

    [Fact]
    public async Task WithoutNodefaultsThereIsAnEmptyCdDrive()
    {
        using TempDirectory dir = new();
        JsonNode emu = await SideBySideQmp.QueryAsync(qemu: false, dir.Path, "query-block", ["-S", "-display", "none", "-kernel", GuestImages.Require("vmlinuz")]);
        Assert.Contains("ide1-cd0 qdev=/machine/unattached/device[20] removable=true tray_open=false io-status=ok locked=false type=unknown inserted=-", Summary(emu));
    }

    /// <summary>What identifies each drive and its device (the medium's node names and host details aside).</summary>
    private static List<string> Summary(JsonNode reply) =>
        [.. reply.AsArray().Select(d => $"{d!["device"]} qdev={d["qdev"]} removable={d["removable"]} tray_open={d["tray_open"]} io-status={d["io-status"]} locked={d["locked"]} type={d["type"]} inserted={(d["inserted"] is { } i ? $"{i["drv"]},ro={i["ro"]}" : "-")}")];

    private static string Image(string directory, string name, int size)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, new byte[size]);
        return path;
    }
}
