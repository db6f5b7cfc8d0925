namespace Emu.TestSupport.Qmp;

/// <summary>
/// The scripted sessions (Scripts/*.jsonl) with the name of the machine configuration each was
/// written for, as theory rows (script, configuration) for every suite that compares a target
/// with QEMU.
/// </summary>
public static class ScriptedSessions
{
    public static IEnumerable<object[]> All { get; } =
    [
        ["session.jsonl", "four-ide"],
        ["session-qdev.jsonl", "qdev-ids"],
    ];
}
