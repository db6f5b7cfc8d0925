using System.Text.Json;

namespace Emu.Core.Tests.Cpu;

/// <summary>
/// The mechanical skip and mask rules of <c>skip-686.json</c> (README.md "Running the sets on Emu's
/// 686-class CPU"): which cases a 686 in real mode runs, and the extra flag masks for shifts.
/// The expected per-rule counts and the lists (lockable forms, skipped files) come from the JSON.
/// </summary>
internal sealed class SkipRules686
{
    private static readonly byte[] PrefixBytes = [0x26, 0x2E, 0x36, 0x3E, 0xF0, 0xF2, 0xF3];

    /// <summary>
    /// A rule skip-686.json lacks: the 8086 file <c>8F</c> holds 258 cases with <c>reg != 0</c>, which the
    /// 8086 runs as POP (it ignores <c>reg</c>) while a 686 raises #UD, as the README itself states for
    /// the 80286 set ("8F, C6, C7 with reg != 0 … raise #UD … on both"). The README's note "Not present
    /// in the set: 8F /1-7" does not hold for this data, so its run count is 258 too high.
    /// </summary>
    public const string Pop8FReg = "8FREG";

    public static readonly Dictionary<(string Rule, string File), int> ExtraSkips8086 = new() { [(Pop8FReg, "8F")] = 258 };

    private readonly HashSet<byte> _lockableOpcodes = [];
    private readonly Dictionary<byte, HashSet<int>> _lockableGroups = [];

    public SkipRules686(JsonElement set)
    {
        SkipFiles = [];
        if (set.TryGetProperty("skip_files", out JsonElement files))
        {
            foreach (JsonElement f in files.EnumerateArray())
            {
                SkipFiles.Add(f.GetString()!);
            }
        }

        if (set.TryGetProperty("lockable", out JsonElement lockable))
        {
            foreach (JsonElement op in lockable.GetProperty("opcodes").EnumerateArray())
            {
                _lockableOpcodes.Add(Convert.ToByte(op.GetString(), 16));
            }

            foreach (JsonProperty g in lockable.GetProperty("group_opcodes").EnumerateObject())
            {
                _lockableGroups[Convert.ToByte(g.Name, 16)] = [.. g.Value.EnumerateArray().Select(v => v.GetInt32())];
            }
        }

        JsonElement expected = set.GetProperty("expected");
        ExpectedRun = expected.GetProperty("run").GetInt32();
        ExpectedCases = expected.GetProperty("cases").GetInt32();
        ExpectedSkips = [];
        foreach (JsonProperty rule in expected.GetProperty("skipped_per_rule_and_file").EnumerateObject())
        {
            foreach (JsonProperty file in rule.Value.EnumerateObject())
            {
                ExpectedSkips[(rule.Name, file.Name)] = file.Value.GetInt32();
            }
        }

        if (expected.TryGetProperty("skip_files_count", out JsonElement sfc))
        {
            ExpectedSkippedFileCases = sfc.GetProperty("cases").GetInt32();
        }
    }

    public HashSet<string> SkipFiles { get; }

    public int ExpectedRun { get; }

    public int ExpectedCases { get; }

    public int ExpectedSkippedFileCases { get; }

    public Dictionary<(string Rule, string File), int> ExpectedSkips { get; }

    /// <summary>The decoded shape of a case's bytes (prefixes, opcode, ModRM).</summary>
    public readonly record struct Shape(byte[] Bytes, List<byte> Prefixes, byte Opcode, byte ModRm)
    {
        public int Reg => (ModRm >> 3) & 7;

        public int Mod => ModRm >> 6;
    }

    public static Shape ShapeOf(byte[] bytes)
    {
        List<byte> prefixes = [];
        int i = 0;
        while (i < bytes.Length && Array.IndexOf(PrefixBytes, bytes[i]) >= 0)
        {
            prefixes.Add(bytes[i]);
            i++;
        }

        byte opcode = i < bytes.Length ? bytes[i] : (byte)0;
        byte modrm = i + 1 < bytes.Length ? bytes[i + 1] : (byte)0;
        return new Shape(bytes, prefixes, opcode, modrm);
    }

    /// <summary>80286 set rules L10, LOCK, FSGS, in order.</summary>
    public string? Skip286(string file, Shape s)
    {
        if (s.Bytes.Length > 10)
        {
            return "L10";
        }

        if (s.Prefixes.Contains(0xF0) && !IsLockable(s))
        {
            return "LOCK";
        }

        if ((file == "8C" || file == "8E") && (s.Reg == 4 || s.Reg == 5))
        {
            return "FSGS";
        }

        return null;
    }

    private bool IsLockable(Shape s)
    {
        if (s.Mod == 3)
        {
            return false;
        }

        if (_lockableOpcodes.Contains(s.Opcode))
        {
            return true;
        }

        return _lockableGroups.TryGetValue(s.Opcode, out HashSet<int>? regs) && regs.Contains(s.Reg);
    }

    /// <summary>8086 rule IPWRAP (checked before running).</summary>
    public static string? Skip8086BeforeRun(Shape s, VectorCase c) => c.Initial["ip"] + s.Bytes.Length > 0x10000 ? "IPWRAP" : null;

    /// <summary>8086 rules after SEGWRAP, in order.</summary>
    public static string? Skip8086AfterRun(string file, Shape s, VectorCase c)
    {
        int al = c.Initial["ax"] & 0xFF;
        int cl = c.Initial["cx"] & 0xFF;
        bool af = (c.Initial["flags"] & 0x10) != 0;
        bool cf = (c.Initial["flags"] & 1) != 0;
        bool adjust = (al & 0x0F) > 9 || af;
        if ((file == "C6" || file == "C7") && s.Reg != 0)
        {
            return "C6C7REG";
        }

        if ((file == "8C" || file == "8E") && s.Reg >= 4)
        {
            return "SREG";
        }

        if (file == "8F" && s.Reg != 0)
        {
            return Pop8FReg;
        }

        if ((file.StartsWith("D2.", StringComparison.Ordinal) || file.StartsWith("D3.", StringComparison.Ordinal)) && cl >= 32)
        {
            return "CL32";
        }

        if (file is "F6.6" or "F6.7" or "F7.6" or "F7.7" or "D4" && c.Final["cs"] == 0 && c.Final["ip"] == 0x400)
        {
            return "DIVERR";
        }

        if (file is "F6.5" or "F6.7" or "F7.5" or "F7.7" && (s.Prefixes.Contains(0xF2) || s.Prefixes.Contains(0xF3)))
        {
            return "REPMULDIV";
        }

        if (file == "54" || (file == "FF.6" && s.ModRm == 0xF4))
        {
            return "PUSHSP";
        }

        if (file == "27" && adjust && !cf && al >= 0x9A && al <= 0x9F)
        {
            return "DAA";
        }

        if (file == "2F" && adjust && !cf && (al <= 0x05 || (al >= 0x9A && al <= 0x9F)))
        {
            return "DAS";
        }

        if (file == "37" && adjust && al >= 0xFA)
        {
            return "AAA";
        }

        if (file == "3F" && adjust && al <= 0x05)
        {
            return "AAS";
        }

        return null;
    }

    /// <summary>Rule 4: extra flag masks for shifts and rotates by more than one.</summary>
    public static int ExtraMask(string file, Shape s, VectorCase c)
    {
        bool imm = file.StartsWith("C0.", StringComparison.Ordinal) || file.StartsWith("C1.", StringComparison.Ordinal);
        bool byCl = file.StartsWith("D2.", StringComparison.Ordinal) || file.StartsWith("D3.", StringComparison.Ordinal);
        if (!imm && !byCl)
        {
            return 0xFFFF;
        }

        int count = imm ? s.Bytes[^1] : c.Initial["cx"] & 0xFF;
        int n = count & 0x1F;
        int mask = 0xFFFF;
        if (n > 1)
        {
            mask &= ~0x0800;
        }

        int width = file[1] == '0' || file[1] == '2' ? 8 : 16;
        char op = file[^1];
        if ((op == '4' || op == '5' || op == '6') && n >= width)
        {
            mask &= ~0x0001;
        }

        return mask;
    }
}
