using System.Text;

namespace Emu.TestSupport.Qmp;

/// <summary>
/// One scripted session run against QEMU and then against an Emu target through the same client
/// (<see cref="ScriptRunner"/>), both transcripts normalised as spec qmp.md 9.1 says: once for the
/// JSON values (sorted keys) and once keeping QEMU's byte layout (member order, separators,
/// escapes). The four transcripts are written to Transcripts/ next to the test assembly so
/// differences can be read. A test suite supplies only how its Emu side starts.
/// </summary>
public sealed class SessionComparison
{
    private readonly string _emuName;

    private SessionComparison(string emuName, List<string> qemu, List<string> emu, List<string> qemuRaw, List<string> emuRaw)
    {
        _emuName = emuName;
        Qemu = qemu;
        Emu = emu;
        QemuRaw = qemuRaw;
        EmuRaw = emuRaw;
    }

    /// <summary>QEMU's transcript, normalised with sorted keys.</summary>
    public IReadOnlyList<string> Qemu { get; }

    /// <summary>Emu's transcript, normalised with sorted keys.</summary>
    public IReadOnlyList<string> Emu { get; }

    /// <summary>QEMU's transcript, normalised in place (its own member order and spacing).</summary>
    public IReadOnlyList<string> QemuRaw { get; }

    /// <summary>Emu's transcript, normalised in place.</summary>
    public IReadOnlyList<string> EmuRaw { get; }

    /// <summary>True when both sides gave the same messages (values).</summary>
    public bool SameValues => Qemu.SequenceEqual(Emu);

    /// <summary>True when both sides gave the same bytes (values and layout).</summary>
    public bool SameLayout => QemuRaw.SequenceEqual(EmuRaw);

    /// <summary>The first differing lines of the value transcripts, for a failure message.</summary>
    public string ValueDifferences => Diff("values", Qemu, Emu, _emuName);

    /// <summary>The first differing lines of the byte-layout transcripts, for a failure message.</summary>
    public string LayoutDifferences => Diff("byte layouts", QemuRaw, EmuRaw, _emuName);

    /// <summary>
    /// Runs <paramref name="script"/> on qemu-system-i386 started with the configuration called
    /// <paramref name="configName"/> (<see cref="QemuTarget"/>), then on the Emu target
    /// <paramref name="startEmu"/> starts with the same configuration, each until it has exited
    /// after quit, and writes the transcripts as <c>SCRIPT.qemu[.raw].txt</c> and
    /// <c>SCRIPT.EMUNAME[.raw].txt</c>.
    /// </summary>
    public static async Task<SessionComparison> RunAsync(string script, string configName, Func<SessionConfig, Task<IQmpTarget>> startEmu, string emuName)
    {
        SessionConfig config = SessionConfig.Named(configName);
        (List<string> qemu, List<string> qemuRaw) = await RecordAsync(script, async () => await QemuTarget.StartAsync(config));
        (List<string> emu, List<string> emuRaw) = await RecordAsync(script, () => startEmu(config));
        string directory = Path.Combine(AppContext.BaseDirectory, "Transcripts");
        Directory.CreateDirectory(directory);
        File.WriteAllLines(Path.Combine(directory, $"{script}.qemu.txt"), qemu);
        File.WriteAllLines(Path.Combine(directory, $"{script}.{emuName}.txt"), emu);
        File.WriteAllLines(Path.Combine(directory, $"{script}.qemu.raw.txt"), qemuRaw);
        File.WriteAllLines(Path.Combine(directory, $"{script}.{emuName}.raw.txt"), emuRaw);
        return new SessionComparison(emuName, qemu, emu, qemuRaw, emuRaw);
    }

    private static async Task<(List<string> Values, List<string> Layout)> RecordAsync(string script, Func<Task<IQmpTarget>> start)
    {
        await using IQmpTarget target = await start();
        List<string> transcript = await ScriptRunner.RunAsync(target, script);
        await target.Exited.WaitAsync(ScriptRunner.Timeout);
        return (TranscriptNormalizer.Normalize(transcript, target.WorkDirectory), TranscriptNormalizer.NormalizeRaw(transcript, target.WorkDirectory));
    }

    private static string Diff(string what, IReadOnlyList<string> qemu, IReadOnlyList<string> emu, string emuName)
    {
        StringBuilder sb = new($"transcript {what} differ (qemu / {emuName}):\n");
        int shown = 0;
        for (int i = 0; i < Math.Max(qemu.Count, emu.Count) && shown < 12; i++)
        {
            string q = i < qemu.Count ? qemu[i] : "<none>";
            string e = i < emu.Count ? emu[i] : "<none>";
            if (q != e)
            {
                sb.Append("line ").Append(i).Append('\n').Append("  qemu ").Append(q).Append('\n').Append("  emu  ").Append(e).Append('\n');
                shown++;
            }
        }

        return sb.ToString();
    }
}
