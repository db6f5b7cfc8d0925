using Emu.Monitor.Tests.Support;

namespace Emu.Monitor.Tests;

/// <summary>
/// The scripted sessions run against qemu-system-i386 and against Emu's monitor host in-process
/// (<see cref="EmuTarget"/>) with the same drives; after the normalisation of spec qmp.md 9.1
/// both transcripts must be identical, values and byte layout (<see cref="SessionComparison"/>).
/// </summary>
public sealed class SessionComparisonTests
{
    [Theory]
    [MemberData(nameof(ScriptedSessions.All), MemberType = typeof(ScriptedSessions))]
    public async Task ScriptedSessionGivesQemusRepliesAndEvents(string script, string configName)
    {
        SessionComparison comparison = await SessionComparison.RunAsync(script, configName, config => Task.FromResult<IQmpTarget>(EmuTarget.Start(config)), "emu");
        Assert.True(comparison.SameValues, comparison.ValueDifferences);

        // Byte layout too: QEMU's member order and separators, not only the same JSON values.
        Assert.True(comparison.SameLayout, comparison.LayoutDifferences);
    }
}
