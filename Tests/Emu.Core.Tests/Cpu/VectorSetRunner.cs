using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Emu.Core.Cpu;
using Emu.Core.Io;
using Emu.Core.Memory;
using CpuCore = Emu.Core.Cpu.Cpu;

namespace Emu.Core.Tests.Cpu;

/// <summary>Runs one SingleStepTests set (README.md "Running a case") on Emu's CPU, file by file in parallel.</summary>
internal sealed class VectorSetRunner
{
    private readonly string _dir;
    private readonly bool _is286;
    private readonly SkipRules686 _rules;
    private readonly JsonElement _metadata;

    public VectorSetRunner(string root, string set)
    {
        _dir = Path.Combine(root, set.Replace('/', Path.DirectorySeparatorChar));
        _is286 = set.StartsWith("80286", StringComparison.Ordinal);
        using JsonDocument skip = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "skip-686.json")));
        _rules = new SkipRules686(skip.RootElement.GetProperty("sets").GetProperty(set).Clone());
        _metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "metadata.json"))).RootElement.Clone();
    }

    public SkipRules686 Rules => _rules;

    public sealed class FileResult
    {
        public required string File { get; init; }

        public int Cases;
        public int Run;
        public int Passed;
        public int Failed;
        public readonly Dictionary<string, int> Skips = [];
        public readonly List<string> Failures = [];
    }

    private sealed class Harness
    {
        public readonly PhysicalMemory Memory = new(16 << 20);
        public readonly CpuCore Cpu;
        public int LastFault = -1;

        public Harness(bool blockCache, CpuTier tier)
        {
            // Under the IL tier every block is compiled the first time it runs, so every case runs compiled code.
            Cpu = new CpuCore(Memory, new IoBus()) { BlockCacheEnabled = blockCache, Tier = tier, JitThreshold = 1 };
            Cpu.FaultRaised = v => LastFault = v;
        }
    }

    public List<FileResult> RunAll(bool blockCache = true, CpuTier tier = CpuTier.Interp)
    {
        string[] files = [.. Directory.GetFiles(_dir, "*.json.gz").OrderBy(f => f, StringComparer.Ordinal)];
        ConcurrentBag<FileResult> results = [];
        Parallel.ForEach(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
            () => new Harness(blockCache, tier),
            (path, _, harness) =>
            {
                results.Add(RunFile(path, harness));
                return harness;
            },
            _ => { });
        return [.. results.OrderBy(r => r.File, StringComparer.Ordinal)];
    }

    private int FlagsMask(string file)
    {
        JsonElement ops = _metadata.GetProperty("opcodes");
        string[] parts = file.Split('.');
        if (!ops.TryGetProperty(parts[0], out JsonElement entry))
        {
            return 0xFFFF;
        }

        if (parts.Length > 1 && entry.TryGetProperty("reg", out JsonElement reg) && reg.TryGetProperty(parts[1], out JsonElement sub))
        {
            entry = sub;
        }

        return entry.TryGetProperty("flags-mask", out JsonElement m) ? m.GetInt32() : 0xFFFF;
    }

    private FileResult RunFile(string path, Harness h)
    {
        string file = Path.GetFileName(path)[..^".json.gz".Length];
        FileResult result = new() { File = file };
        using FileStream fs = File.OpenRead(path);
        using GZipStream gz = new(fs, CompressionMode.Decompress);
        using JsonDocument doc = JsonDocument.Parse(gz);
        int metaMask = FlagsMask(file);
        foreach (JsonElement e in doc.RootElement.EnumerateArray())
        {
            result.Cases++;
            if (!_is286 && _rules.SkipFiles.Contains(file))
            {
                Count(result, "FILE");
                continue;
            }

            VectorCase c = VectorCase.Parse(e);
            byte[] bytes = _is286 && c.Bytes.Length > 0 && c.Bytes[^1] == 0xF4 ? c.Bytes[..^1] : c.Bytes;
            SkipRules686.Shape shape = SkipRules686.ShapeOf(bytes);
            string? skip = _is286 ? _rules.Skip286(file, shape) : SkipRules686.Skip8086BeforeRun(shape, c);
            if (skip is not null)
            {
                Count(result, skip);
                continue;
            }

            string? failure = RunCase(h, file, shape, c, metaMask & SkipRules686.ExtraMask(file, shape, c) & 0x0FFF, out bool segWrap);
            if (!_is286)
            {
                skip = segWrap ? "SEGWRAP" : SkipRules686.Skip8086AfterRun(file, shape, c);
                if (skip is not null)
                {
                    Count(result, skip);
                    continue;
                }
            }

            result.Run++;
            if (failure is null)
            {
                result.Passed++;
            }
            else
            {
                result.Failed++;
                if (result.Failures.Count < 5)
                {
                    string text = failure.Length > 300 ? failure[..300] + "…" : failure;
                    result.Failures.Add($"{file} #{c.Index} '{c.Name}' [{Convert.ToHexString(c.Bytes)}]: {text}");
                }
            }
        }

        return result;
    }

    private static void Count(FileResult r, string rule) => r.Skips[rule] = r.Skips.GetValueOrDefault(rule) + 1;

    private string? RunCase(Harness h, string file, SkipRules686.Shape shape, VectorCase c, int flagMask, out bool segWrap)
    {
        CpuCore cpu = h.Cpu;
        PhysicalMemory mem = h.Memory;
        uint addrMask = _is286 ? 0xFFFFFFu : 0xFFFFFu;
        mem.A20Enabled = _is286;
        cpu.Reset();
        cpu.EAX = (uint)c.Initial["ax"];
        cpu.EBX = (uint)c.Initial["bx"];
        cpu.ECX = (uint)c.Initial["cx"];
        cpu.EDX = (uint)c.Initial["dx"];
        cpu.ESP = (uint)c.Initial["sp"];
        cpu.EBP = (uint)c.Initial["bp"];
        cpu.ESI = (uint)c.Initial["si"];
        cpu.EDI = (uint)c.Initial["di"];
        cpu.SetSegment(SegmentRegister.CS, (ushort)c.Initial["cs"]);
        cpu.SetSegment(SegmentRegister.SS, (ushort)c.Initial["ss"]);
        cpu.SetSegment(SegmentRegister.DS, (ushort)c.Initial["ds"]);
        cpu.SetSegment(SegmentRegister.ES, (ushort)c.Initial["es"]);
        cpu.EIP = (uint)c.Initial["ip"];
        cpu.EFLAGS = (uint)(c.Initial["flags"] & 0x0FFF) | 2;
        foreach ((uint a, byte v) in c.InitialRam)
        {
            mem.Write8(a & addrMask, v);
        }

        h.LastFault = -1;
        if (_is286)
        {
            long n = 0;
            while (n < 10_000 && !cpu.Halted)
            {
                long ran = cpu.Run(10_000 - n);
                n += ran;
                if (ran == 0)
                {
                    break;
                }
            }
        }
        else
        {
            // One instruction. A REP string instruction that stores into its own code page is resumed
            // from its own address after the store (self-modifying code), so run it to completion.
            cpu.Run(1);
            bool rep = shape.Prefixes.Contains(0xF2) || shape.Prefixes.Contains(0xF3);
            for (int k = 0; rep && k < 300 && cpu.EIP == (uint)c.Initial["ip"] && cpu.GetSegment(SegmentRegister.CS) == c.Initial["cs"]; k++)
            {
                cpu.Run(1);
            }
        }

        segWrap = h.LastFault is 12 or 13;
        StringBuilder? err = null;
        uint[] actual =
        [
            cpu.EAX, cpu.EBX, cpu.ECX, cpu.EDX, cpu.GetSegment(SegmentRegister.CS), cpu.GetSegment(SegmentRegister.SS),
            cpu.GetSegment(SegmentRegister.DS), cpu.GetSegment(SegmentRegister.ES), cpu.ESP, cpu.EBP, cpu.ESI, cpu.EDI, cpu.EIP,
        ];
        for (int i = 0; i < 13; i++)
        {
            string name = VectorCase.Registers[i];
            uint exp = (uint)c.Final[name];
            if ((actual[i] & 0xFFFF) != exp)
            {
                (err ??= new()).Append($"{name}={actual[i] & 0xFFFF:X4} want {exp:X4}; ");
            }
        }

        uint flags = cpu.EFLAGS;
        int wantFlags = c.Final["flags"];
        if ((flags & flagMask) != (wantFlags & flagMask))
        {
            (err ??= new()).Append($"flags={flags & 0xFFFF:X4} want {wantFlags:X4} (mask {flagMask:X4}); ");
        }

        bool pushedFlags = c.HasException || file is "9C" or "CC" or "CD" or "CE";
        uint flagsAt = (uint)(((c.Initial["ss"] << 4) + ((c.Initial["sp"] - 2) & 0xFFFF)) & addrMask);
        foreach ((uint a, byte v) in c.FinalRam)
        {
            uint addr = a & addrMask;
            byte got = mem.Read8(addr);
            int m = 0xFF;
            if (pushedFlags && addr == flagsAt)
            {
                m = flagMask & 0xFF;
            }
            else if (pushedFlags && addr == ((flagsAt + 1) & addrMask))
            {
                m = (flagMask >> 8) & 0xFF;
            }

            if ((got & m) != (v & m))
            {
                (err ??= new()).Append($"[{addr:X6}]={got:X2} want {v:X2}; ");
            }
        }

        foreach ((uint a, _) in c.InitialRam)
        {
            mem.Write8(a & addrMask, 0);
        }

        foreach ((uint a, _) in c.FinalRam)
        {
            mem.Write8(a & addrMask, 0);
        }

        return err?.ToString();
    }
}
