using System.Text.Json.Nodes;

namespace Emu.Monitor.Tests.Nbd;

/// <summary>nbdinfo sees the same export from Emu as from qemu-system-i386 exporting the same image (nbd.md §5).</summary>
public sealed class NbdInfoTests
{
    [Theory]
    [InlineData(false, null)]
    [InlineData(true, "writable one")]
    public async Task NbdinfoJsonMatchesQemu(bool writable, string? description)
    {
        using ScratchDirectory scratch = new();
        string image = scratch.PatternedRaw("disk.img", 16 * 1024 * 1024);
        string copy = scratch.File("copy.img");
        File.Copy(image, copy);

        int qemuPort = QemuReference.FreePort();
        using QemuReference qemu = new(scratch, "-drive", $"file={copy},if=none,id=d0,format=raw");
        qemu.StartNbd(qemuPort);
        Assert.NotNull(qemu.AddExport("d0", writable: writable, description: description)["return"]);

        await using EmuNbdHost emu = new();
        emu.ExportRaw("d0", image, writable, description);

        JsonNode expected = ExportInfo($"nbd://127.0.0.1:{qemuPort}/d0");
        JsonNode actual = ExportInfo(emu.Uri("d0"));
        Assert.Equal(expected.ToJsonString(), actual.ToJsonString());
        Assert.Equal(writable, !actual["is_read_only"]!.GetValue<bool>());
        Assert.True(actual["can_multi_conn"]!.GetValue<bool>());
    }

    [Fact]
    public async Task NbdinfoListShowsEveryExportInOrder()
    {
        using ScratchDirectory scratch = new();
        string image = scratch.PatternedRaw("disk.img", 8 * 1024 * 1024);
        await using EmuNbdHost emu = new();
        emu.ExportRaw("first", image, writable: false);
        emu.ExportRaw("second", image, writable: false, description: "the second");
        emu.ExportRaw("third", image, writable: false);

        JsonNode list = JsonNode.Parse(ExternalTool.Check("nbdinfo", "--list", "--json", emu.Uri(string.Empty)))!;
        JsonArray exports = list["exports"]!.AsArray();
        Assert.Equal(new[] { "first", "second", "third" }, exports.Select(e => e!["export-name"]!.GetValue<string>()));
        Assert.Equal("the second", exports[1]!["description"]!.GetValue<string>());
        Assert.All(exports, e => Assert.Equal(8 * 1024 * 1024, e!["export-size"]!.GetValue<long>()));
    }

    [Fact]
    public async Task UnknownExportIsReportedAsNotPresent()
    {
        using ScratchDirectory scratch = new();
        await using EmuNbdHost emu = new();
        emu.ExportRaw("d0", scratch.PatternedRaw("disk.img", 1024 * 1024), writable: false);

        ToolResult result = ExternalTool.Run("nbdinfo", emu.Uri("nosuch"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("server replied with error to opt_go request: No such file or directory for export: nosuch", result.StandardError);
    }

    [Fact]
    public async Task MapShowsAllocationOfTheImage()
    {
        using ScratchDirectory scratch = new();
        string path = scratch.PatternedRaw("disk.img", 4 * 1024 * 1024);
        await using EmuNbdHost emu = new();
        emu.ExportRaw("d0", path, writable: false);

        // A raw image reports all data, as QEMU's raw driver without hole probing would.
        string map = ExternalTool.Check("nbdinfo", "--map", emu.Uri("d0"));
        Assert.Equal("0 4194304 0 data", string.Join(' ', map.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
    }

    private static JsonNode ExportInfo(string uri)
    {
        JsonNode info = JsonNode.Parse(ExternalTool.Check("nbdinfo", "--json", uri))!;
        JsonObject export = info["exports"]![0]!.AsObject();
        export.Remove("uri");
        return export;
    }
}
