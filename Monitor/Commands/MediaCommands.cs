using Emu.Monitor.Block;
using Emu.Monitor.Commands.Model;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>query-block and the removable-media commands (spec qmp.md 5.6, 5.10-5.16).</summary>
public static class MediaCommands
{
    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddOnMachine("query-block", () => json.QmpEmpty, () => json.ListBlockInfo, (c, _) => BlockInfoBuilder.Build(c.Services.Drives));
        registry.AddOnMachine("eject", () => json.EjectArguments, () => json.QmpEmpty, (c, a) =>
        {
            MediaOperations.Eject(c.Services.Drives, a.Device, a.Id, a.Force ?? false);
            return QmpEmpty.Instance;
        });
        registry.AddOnMachine("blockdev-open-tray", () => json.OpenTrayArguments, () => json.QmpEmpty, (c, a) =>
        {
            MediaOperations.BlockdevOpenTray(c.Services.Drives, a.Device, a.Id, a.Force ?? false);
            return QmpEmpty.Instance;
        });
        registry.AddOnMachine("blockdev-close-tray", () => json.CloseTrayArguments, () => json.QmpEmpty, (c, a) =>
        {
            MediaOperations.CloseTray(c.Services.Drives, a.Device, a.Id);
            return QmpEmpty.Instance;
        });
        registry.AddOnMachine("blockdev-remove-medium", () => json.RemoveMediumArguments, () => json.QmpEmpty, (c, a) =>
        {
            MediaOperations.RemoveMedium(c.Services.Drives, null, a.Id, keepNamedNode: true);
            return QmpEmpty.Instance;
        });
        registry.AddOnMachine("blockdev-change-medium", () => json.ChangeMediumArguments, () => json.QmpEmpty, (c, a) =>
        {
            bool? readOnly = a.ReadOnlyMode switch
            {
                ReadOnlyMode.ReadOnly => true,
                ReadOnlyMode.ReadWrite => false,
                _ => null,
            };
            MediaOperations.ChangeMedium(c.Services.Drives, c.Services.OpenImage, a.Device, a.Id, a.FileName, a.Format, a.Force ?? false, readOnly);
            return QmpEmpty.Instance;
        });
    }
}
