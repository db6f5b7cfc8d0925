using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Emu.Guest.Tests.Ide;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// query-blockstats side by side with qemu-system-i386: the IDE guest programs (booted from a
/// floppy, whose controller QEMU does not account) read, write, flush and overrun a raw disk
/// through PIO and bus-master DMA; once a program is DONE, both emulators must report the same
/// counters for every drive and node. Normalised: node names (#blockN, numbered by each emulator
/// its own way), latencies and idle time (host time; present or absent alike), and member order
/// (QEMU writes a BlockDeviceStats' members in its hash table's order).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed partial class BlockStatsComparisonTests
{
    [Theory]
    [InlineData("ata", false)]
    [InlineData("ata", true)]
    [InlineData("busmaster", false)]
    public async Task CountersAreQemusAfterTheProgram(string program, bool queryNodes)
    {
        using TempDirectory dir = new();
        string floppy = IdeMedia.Floppy(dir.Path, program);
        string emu = await QueryAsync(qemu: false, dir.Path, floppy, queryNodes);
        string qemu = await QueryAsync(qemu: true, dir.Path, floppy, queryNodes);
        // Requests are counted per device; a node has only its highest written offset.
        Assert.Matches(queryNodes ? "\"wr_highest_offset\":[1-9]" : "\"wr_operations\":[1-9]", qemu);
        Assert.Equal(qemu, emu);
    }

    /// <summary>No I/O at all (-S): the same all-zero figures, and the same entries, as QEMU's.</summary>
    [Fact]
    public async Task IdleMachineIsQemus()
    {
        using TempDirectory dir = new();
        string disk = IdeMedia.Disk(dir.Path);
        string[] args =
        [
            "-machine", "pc", "-nodefaults", "-display", "none", "-S",
            "-drive", $"file={disk},format=raw,if=ide,index=0", "-drive", "if=ide,index=2,media=cdrom",
        ];
        string emu = Normalise(await SideBySideQmp.QueryAsync(false, dir.Path, "query-blockstats", args), dir.Path);
        string qemu = Normalise(await SideBySideQmp.QueryAsync(true, dir.Path, "query-blockstats", args), dir.Path);
        Assert.Equal(qemu, emu);
    }

    private static async Task<string> QueryAsync(bool qemu, string directory, string floppy, bool queryNodes)
    {
        string image = IdeMedia.Disk(directory, qemu ? "qemu.img" : "emu.img");
        string drive = $"file={image},format=raw,if=ide,index=0";
        string log = Path.Combine(directory, qemu ? "qemu-debugcon.txt" : "emu-debugcon.txt");
        string[] args =
        [
            "-machine", "pc", "-nodefaults", "-display", "none", "-boot", "a", "-debugcon", $"file:{log}",
            "-drive", $"file={floppy},if=floppy,format=raw,readonly=on", "-drive", drive,
        ];
        JsonObject? arguments = queryNodes ? new JsonObject { ["query-nodes"] = true } : null;
        JsonNode reply = await SideBySideQmp.QueryAsync(qemu, directory, "query-blockstats", args, log, "DONE\n", arguments);
        return Normalise(reply, directory);
    }

    /// <summary>Sorted members, node names as #block, host times as 0.</summary>
    private static string Normalise(JsonNode reply, string directory)
    {
        string text = Sorted(reply)!.ToJsonString().Replace(directory, "WORK", StringComparison.Ordinal);
        text = NodeName().Replace(text, "#block");
        return HostTime().Replace(text, "\"$1\":0");
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

    [GeneratedRegex("#block[0-9]+")]
    private static partial Regex NodeName();

    [GeneratedRegex("\"((?:rd|wr|flush|unmap)_total_time_ns|idle_time_ns)\":[0-9]+")]
    private static partial Regex HostTime();
}
