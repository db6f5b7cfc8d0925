using System.Text.Json;

namespace Emu.Core.Tests.Cpu;

/// <summary>One SingleStepTests case, parsed from its JSON object.</summary>
internal sealed class VectorCase
{
    private static readonly string[] RegNames = ["ax", "bx", "cx", "dx", "cs", "ss", "ds", "es", "sp", "bp", "si", "di", "ip", "flags"];

    public required string Name { get; init; }

    public required long Index { get; init; }

    public required byte[] Bytes { get; init; }

    public required Dictionary<string, int> Initial { get; init; }

    public required Dictionary<string, int> Final { get; init; }

    public required List<(uint Address, byte Value)> InitialRam { get; init; }

    public required List<(uint Address, byte Value)> FinalRam { get; init; }

    public bool HasException { get; init; }

    public static IReadOnlyList<string> Registers => RegNames;

    public static VectorCase Parse(JsonElement e)
    {
        JsonElement initial = e.GetProperty("initial");
        JsonElement final = e.GetProperty("final");
        Dictionary<string, int> init = ReadRegs(initial.GetProperty("regs"));
        Dictionary<string, int> fin = new(init);
        foreach (KeyValuePair<string, int> kv in ReadRegs(final.GetProperty("regs")))
        {
            fin[kv.Key] = kv.Value;
        }

        long index = e.TryGetProperty("idx", out JsonElement idx) ? idx.GetInt64()
            : e.TryGetProperty("test_num", out JsonElement num) ? num.GetInt64() : -1;
        return new VectorCase
        {
            Name = e.GetProperty("name").GetString() ?? "",
            Index = index,
            Bytes = [.. e.GetProperty("bytes").EnumerateArray().Select(b => (byte)b.GetInt32())],
            Initial = init,
            Final = fin,
            InitialRam = ReadRam(initial.GetProperty("ram")),
            FinalRam = ReadRam(final.GetProperty("ram")),
            HasException = e.TryGetProperty("exception", out _),
        };
    }

    private static Dictionary<string, int> ReadRegs(JsonElement regs)
    {
        Dictionary<string, int> d = [];
        foreach (JsonProperty p in regs.EnumerateObject())
        {
            d[p.Name] = p.Value.GetInt32();
        }

        return d;
    }

    private static List<(uint, byte)> ReadRam(JsonElement ram)
    {
        List<(uint, byte)> list = [];
        foreach (JsonElement pair in ram.EnumerateArray())
        {
            list.Add(((uint)pair[0].GetInt64(), (byte)pair[1].GetInt32()));
        }

        return list;
    }
}
