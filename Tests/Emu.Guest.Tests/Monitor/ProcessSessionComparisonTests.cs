using System.Text;
using Emu.Monitor.Tests.Support;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// The scripted QMP sessions of Emu.Monitor.Tests (Scripts/) run against qemu-system-i386 and
/// against the real <c>emu</c> process with the same command line and images; after the
/// normalisation of spec qmp.md 9.1 both transcripts must be identical, values and byte layout.
/// Transcripts are written to Transcripts/ next to the test assembly.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ProcessSessionComparisonTests
{
    [Theory]
    [InlineData("session.jsonl", "four-ide")]
    [InlineData("session-qdev.jsonl", "qdev-ids")]
    public async Task EmuProcessGivesQemusRepliesAndEvents(string script, string configName)
    {
        SessionConfig config = configName == "four-ide" ? SessionConfig.FourIde : SessionConfig.QdevIds;

        List<string> qemu;
        List<string> qemuRaw;
        await using (QemuTarget target = await QemuTarget.StartAsync(config))
        {
            List<string> transcript = await ScriptRunner.RunAsync(target, script);
            qemu = TranscriptNormalizer.Normalize(transcript, target.WorkDirectory);
            qemuRaw = TranscriptNormalizer.NormalizeRaw(transcript, target.WorkDirectory);
            await target.Exited.WaitAsync(QmpClient.Timeout);
        }

        List<string> emu;
        List<string> emuRaw;
        await using (EmuProcessTarget target = await EmuProcessTarget.StartAsync(config))
        {
            List<string> transcript = await ScriptRunner.RunAsync(target, script);
            emu = TranscriptNormalizer.Normalize(transcript, target.WorkDirectory);
            emuRaw = TranscriptNormalizer.NormalizeRaw(transcript, target.WorkDirectory);
            await target.Exited.WaitAsync(QmpClient.Timeout);
            Assert.Equal(0, await target.Process.WaitForExitAsync());
        }

        string directory = Path.Combine(AppContext.BaseDirectory, "Transcripts");
        Directory.CreateDirectory(directory);
        File.WriteAllLines(Path.Combine(directory, script + ".qemu.txt"), qemu);
        File.WriteAllLines(Path.Combine(directory, script + ".emu-process.txt"), emu);
        Assert.True(qemu.SequenceEqual(emu), Diff(qemu, emu));
        Assert.True(qemuRaw.SequenceEqual(emuRaw), Diff(qemuRaw, emuRaw));
    }

    private static string Diff(List<string> qemu, List<string> emu)
    {
        StringBuilder sb = new("transcripts differ (qemu / emu process):\n");
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
