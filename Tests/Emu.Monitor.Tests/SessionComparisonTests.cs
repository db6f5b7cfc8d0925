using System.Text;
using Emu.Monitor.Tests.Support;

namespace Emu.Monitor.Tests;

/// <summary>
/// The scripted sessions run against qemu-system-i386 and against Emu's monitor host with the same
/// drives, through the same client; once the values spec qmp.md 9.1 lists as varying are
/// normalised, both transcripts must be identical. Both transcripts are written next to the test
/// assembly (Transcripts/) so differences can be read.
/// </summary>
public sealed class SessionComparisonTests
{
    [Theory]
    [InlineData("session.jsonl", "four-ide")]
    [InlineData("session-qdev.jsonl", "qdev-ids")]
    public async Task ScriptedSessionGivesQemusRepliesAndEvents(string script, string configName)
    {
        SessionConfig config = configName == "four-ide" ? SessionConfig.FourIde : SessionConfig.QdevIds;

        List<string> qemu;
        List<string> qemuRaw;
        await using (QemuTarget target = await QemuTarget.StartAsync(config))
        {
            List<string> transcript = await ScriptRunner.RunAsync(target, script);
            qemu = TranscriptNormalizer.Normalize(transcript, target.WorkDirectory);
            qemuRaw = TranscriptNormalizer.NormalizeRaw(transcript, target.WorkDirectory);
            await target.Exited.WaitAsync(QmpTestClient.Timeout);
        }

        List<string> emu;
        List<string> emuRaw;
        await using (EmuTarget target = EmuTarget.Start(config))
        {
            List<string> transcript = await ScriptRunner.RunAsync(target, script);
            emu = TranscriptNormalizer.Normalize(transcript, target.WorkDirectory);
            emuRaw = TranscriptNormalizer.NormalizeRaw(transcript, target.WorkDirectory);
            await target.Exited.WaitAsync(QmpTestClient.Timeout);
        }

        string directory = Path.Combine(AppContext.BaseDirectory, "Transcripts");
        Directory.CreateDirectory(directory);
        File.WriteAllLines(Path.Combine(directory, script + ".qemu.txt"), qemu);
        File.WriteAllLines(Path.Combine(directory, script + ".emu.txt"), emu);
        File.WriteAllLines(Path.Combine(directory, script + ".qemu.raw.txt"), qemuRaw);
        File.WriteAllLines(Path.Combine(directory, script + ".emu.raw.txt"), emuRaw);
        Assert.True(qemu.SequenceEqual(emu), Diff(qemu, emu));

        // Byte layout too: QEMU's member order and separators, not only the same JSON values.
        Assert.True(qemuRaw.SequenceEqual(emuRaw), Diff(qemuRaw, emuRaw));
    }

    private static string Diff(List<string> qemu, List<string> emu)
    {
        StringBuilder sb = new("transcripts differ (qemu / emu):\n");
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
