using Emu.TestSupport.Qmp;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// The scripted QMP sessions (Emu.Monitor.Tests/Scripts) run against qemu-system-i386 and against
/// the real <c>emu</c> process (<see cref="EmuProcessTarget"/>) with the same command line and
/// images; after the normalisation of spec qmp.md 9.1 both transcripts must be identical, values
/// and byte layout, and emu must exit with status 0 after quit.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ProcessSessionComparisonTests
{
    [Theory]
    [MemberData(nameof(ScriptedSessions.All), MemberType = typeof(ScriptedSessions))]
    public async Task EmuProcessGivesQemusRepliesAndEvents(string script, string configName)
    {
        SessionComparison comparison = await SessionComparison.RunAsync(script, configName, async config => await EmuProcessTarget.StartAsync(config), "emu-process");
        Assert.True(comparison.SameValues, comparison.ValueDifferences);
        Assert.True(comparison.SameLayout, comparison.LayoutDifferences);
    }
}
