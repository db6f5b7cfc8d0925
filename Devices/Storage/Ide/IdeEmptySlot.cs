namespace Emu.Devices.Storage.Ide;

/// <summary>
/// A unit slot with no device. It keeps the shadow registers that every register write reaches
/// (both units of a channel see each write, A.2), reports the empty-slot signature FFFFh after a
/// reset, and ignores commands (A.4).
/// </summary>
public sealed class IdeEmptySlot : IdeDevice
{
    public IdeEmptySlot(int unit)
        : base(unit)
    {
        Reset();
    }

    public override IdeDeviceKind Kind => IdeDeviceKind.None;

    protected override bool RunCommand(byte command) => true;

    protected override void OnTransferEnd(IdeTransferEnd end) => StopTransfer();
}
