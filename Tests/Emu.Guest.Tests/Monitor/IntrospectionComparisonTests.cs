using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// The introspection commands (issue 16) asked of emu and of qemu-system-i386 started with the
/// same command line, including the options libvirt passes. Replies must be identical, member
/// order included, after the normalisations each test names; each one is something Emu must
/// answer differently (a host thread id, a work directory, a hash-table order, KVM).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class IntrospectionComparisonTests
{
    private const string Uuid = "5a2e6b0c-4d7e-4f61-9c1b-2f3a4b5c6d7e";

    [Theory]
    [InlineData("query-target")]
    [InlineData("query-uuid")]
    [InlineData("query-iothreads")]
    [InlineData("query-migrate")]
    [InlineData("query-migrate-capabilities")]
    [InlineData("query-hotpluggable-cpus")]
    [InlineData("query-memory-size-summary")]
    [InlineData("query-balloon")]
    [InlineData("query-events")]
    [InlineData("query-block")]
    public async Task RepliesAreQemus(string command)
    {
        (JsonNode emu, JsonNode qemu) = await AskBothAsync(command);
        Assert.Equal(qemu.ToJsonString(), emu.ToJsonString());
    }

    /// <summary>thread-id is the host thread running the vCPU: a different number in every process.</summary>
    [Fact]
    public async Task CpusFastIsQemusApartFromTheHostThreadId()
    {
        (JsonNode emu, JsonNode qemu) = await AskBothAsync("query-cpus-fast");
        Assert.True((long)emu["return"]![0]!["thread-id"]! > 0);
        foreach (JsonNode reply in new[] { emu, qemu })
        {
            reply["return"]![0]!["thread-id"] = 0;
        }

        Assert.Equal(qemu.ToJsonString(), emu.ToJsonString());
    }

    /// <summary>The work directory differs; QEMU lists chardevs in its hash table's order, so both lists are sorted by label.</summary>
    [Fact]
    public async Task ChardevIsQemusForTheMonitorAndTheSerialPort()
    {
        (JsonNode emu, JsonNode qemu) = await AskBothAsync("query-chardev");
        Assert.Equal(SortedChardevs(qemu), SortedChardevs(emu));
        Assert.Equal(2, emu["return"]!.AsArray().Count);
    }

    /// <summary>
    /// A -mon monitor on a -chardev unix socket with no client ("disconnected:") and a TCP -qmp
    /// monitor with this client (its address after "&lt;-&gt;"): the client's port and the work
    /// directory differ between runs, and the lists are sorted by label (QEMU's order is a hash table's).
    /// </summary>
    [Fact]
    public async Task ChardevShowsSocketMonitorsConnectedOrNotAsQemu()
    {
        List<string> emu = await SocketChardevsAsync(MonitoredEmu.Start);
        List<string> qemu = await SocketChardevsAsync(MonitoredEmu.StartQemu);
        Assert.Equal(qemu, emu);
        Assert.Contains(emu, c => c.Contains("disconnected:unix:WORK/mon.sock,server=on", StringComparison.Ordinal));
    }

    private static async Task<List<string>> SocketChardevsAsync(Func<string, string[], MonitoredEmu> start)
    {
        using TempDirectory dir = new();
        int port = MonitoredEmu.FreePort();
        using MonitoredEmu process = start(dir.Path, [
            "-machine", "pc", "-nodefaults", "-display", "none", "-S",
            "-chardev", $"socket,id=mon0,path={dir.File("mon.sock")},server=on,wait=off", "-mon", "chardev=mon0,mode=control",
            "-qmp", $"tcp:127.0.0.1:{port},server=on,wait=off", "-serial", "null"]);
        await using QmpClient client = await process.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
        await client.ReadAsync();
        await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
        JsonObject reply = await client.ExecuteAsync("{\"execute\": \"query-chardev\"}");
        foreach (JsonNode? chardev in reply["return"]!.AsArray())
        {
            string filename = ((string)chardev!["filename"]!).Replace(dir.Path, "WORK", StringComparison.Ordinal).Replace($":{port},", ":PORT,", StringComparison.Ordinal);
            chardev["filename"] = Regex.Replace(filename, @"<-> 127\.0\.0\.1:\d+$", "<-> 127.0.0.1:PEER");
        }

        return SortedChardevs(reply);
    }

    /// <summary>QEMU is built with KVM (present); Emu has none, so only "present" may differ and Emu's must be false.</summary>
    [Fact]
    public async Task KvmIsAbsentAndDisabled()
    {
        (JsonNode emu, JsonNode qemu) = await AskBothAsync("query-kvm");
        Assert.False((bool)emu["return"]!["present"]!);
        emu["return"]!["present"] = qemu["return"]!["present"]!.DeepClone();
        Assert.Equal(qemu.ToJsonString(), emu.ToJsonString());
    }

    /// <summary>
    /// Emu lists only its machines; each must be QEMU's entry of the same name except where Emu's
    /// machine is different: one CPU at most (cpu-max) and the qemu32 CPU on isapc too.
    /// </summary>
    [Fact]
    public async Task MachinesAreQemusEntriesForPcAndIsapc()
    {
        (JsonNode emu, JsonNode qemu) = await AskBothAsync("query-machines");
        JsonArray mine = emu["return"]!.AsArray();
        Assert.Equal(["pc-i440fx-7.2", "isapc"], mine.Select(m => (string)m!["name"]!));
        Assert.Equal("pc", (string?)mine[0]!["alias"]);
        foreach (JsonNode? machine in mine)
        {
            JsonNode theirs = qemu["return"]!.AsArray().Single(m => (string)m!["name"]! == (string)machine!["name"]!)!.DeepClone();
            Assert.Equal(1, (int)machine!["cpu-max"]!);
            Assert.Equal("qemu32-i386-cpu", (string?)machine["default-cpu-type"]);
            theirs["cpu-max"] = 1;
            theirs["default-cpu-type"] = "qemu32-i386-cpu";
            Assert.Equal(theirs.ToJsonString(), machine.ToJsonString());
        }
    }

    /// <summary>Emu's one CPU model under QEMU's names: each entry is QEMU's own entry of that name.</summary>
    [Fact]
    public async Task CpuDefinitionsAreQemusEntriesForQemu32()
    {
        (JsonNode emu, JsonNode qemu) = await AskBothAsync("query-cpu-definitions");
        JsonArray mine = emu["return"]!.AsArray();
        Assert.Equal(["qemu32-v1", "qemu32"], mine.Select(c => (string)c!["name"]!));
        foreach (JsonNode? cpu in mine)
        {
            JsonNode theirs = qemu["return"]!.AsArray().Single(c => (string)c!["name"]! == (string)cpu!["name"]!)!;
            Assert.Equal(theirs.ToJsonString(), cpu!.ToJsonString());
        }
    }

    /// <summary>The backends Emu can create are a subset of QEMU's, each under QEMU's name.</summary>
    [Fact]
    public async Task ChardevBackendsAreASubsetOfQemus()
    {
        (JsonNode emu, JsonNode qemu) = await AskBothAsync("query-chardev-backends");
        HashSet<string> theirs = qemu["return"]!.AsArray().Select(b => (string)b!["name"]!).ToHashSet();
        List<string> mine = emu["return"]!.AsArray().Select(b => (string)b!["name"]!).ToList();
        Assert.Equal(["file", "null", "socket", "stdio"], mine);
        Assert.All(mine, name => Assert.Contains(name, theirs));
    }

    private static List<string> SortedChardevs(JsonNode reply) =>
        reply["return"]!.AsArray().Select(c => c!.ToJsonString()).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every command asked once per program (one session each), shared by the tests.</summary>
    private static readonly Lazy<Task<(Dictionary<string, JsonNode> Emu, Dictionary<string, JsonNode> Qemu)>> Replies = new(AskAllAsync);

    private static readonly string[] Commands =
    [
        "query-target", "query-uuid", "query-iothreads", "query-migrate", "query-migrate-capabilities",
        "query-hotpluggable-cpus", "query-memory-size-summary", "query-balloon", "query-events", "query-cpus-fast",
        "query-chardev", "query-kvm", "query-machines", "query-cpu-definitions", "query-chardev-backends",

        // No drive with -S and -nodefaults: no demo floppy, so the same empty list as QEMU.
        "query-block",
    ];

    /// <summary>Fresh copies of both replies to <paramref name="command"/> (tests edit them while normalising).</summary>
    private static async Task<(JsonNode Emu, JsonNode Qemu)> AskBothAsync(string command)
    {
        (Dictionary<string, JsonNode> emu, Dictionary<string, JsonNode> qemu) = await Replies.Value;
        return (emu[command].DeepClone(), qemu[command].DeepClone());
    }

    private static async Task<(Dictionary<string, JsonNode>, Dictionary<string, JsonNode>)> AskAllAsync()
    {
        Dictionary<string, JsonNode> emu = await AskAsync(MonitoredEmu.Start);
        Dictionary<string, JsonNode> qemu = await AskAsync(MonitoredEmu.StartQemu);
        return (emu, qemu);
    }

    /// <summary>The same command line for both, with the options libvirt passes; replies with the work directory replaced by WORK.</summary>
    private static async Task<Dictionary<string, JsonNode>> AskAsync(Func<string, string[], MonitoredEmu> start)
    {
        using TempDirectory dir = new();
        string socket = dir.File("qmp.sock");
        string[] args =
        [
            "-machine", "pc-i440fx-7.2,usb=off,dump-guest-core=off", "-accel", "tcg", "-no-user-config", "-nodefaults",
            "-display", "none", "-S", "-cpu", "qemu32", "-smp", "1", "-m", "64", "-uuid", Uuid,
            "-rtc", "base=utc,driftfix=slew", "-boot", "strict=on", "-msg", "timestamp=on", "-overcommit", "mem-lock=off",
            "-serial", $"file:{dir.File("serial.txt")}", "-qmp", $"unix:{socket},server=on,wait=off",
        ];
        using MonitoredEmu process = start(dir.Path, args);
        Dictionary<string, JsonNode> replies = new();
        await using (QmpClient client = await process.ConnectAsync(new UnixDomainSocketEndPoint(socket)))
        {
            await client.ReadAsync();
            await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
            foreach (string command in Commands)
            {
                JsonObject reply = await client.ExecuteAsync($"{{\"execute\": \"{command}\"}}");
                replies[command] = JsonNode.Parse(reply.ToJsonString().Replace(dir.Path, "WORK", StringComparison.Ordinal))!;
            }

            await client.ExecuteAsync("{\"execute\": \"quit\"}");
        }

        Assert.Equal(0, await process.WaitForExitAsync());
        return replies;
    }
}
