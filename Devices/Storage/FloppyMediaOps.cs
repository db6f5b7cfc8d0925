namespace Emu.Devices.Storage;

/// <summary>
/// The removable medium of a floppy drive: no tray, no lock, only the disk-change line the guest
/// reads (QEMU hw/block/fdc.c <c>fd_change_cb</c> sets <c>media_changed</c>).
/// </summary>
public sealed class FloppyMediaOps : IMediaDeviceOps
{
    public bool HasTray => false;

    public bool IsTrayOpen => false;

    public bool IsMediumLocked => false;

    /// <summary>The disk-change line: set on every host media change, cleared by the controller model.</summary>
    public bool MediaChanged { get; set; }

    /// <summary>Told about every host media change (the floppy controller revalidates its drive).</summary>
    public Action? Changed { get; set; }

    public void ChangeMedia(bool load)
    {
        MediaChanged = true;
        Changed?.Invoke();
    }

    /// <summary>A floppy drive has no eject request to pass on (QEMU's floppy BlockDevOps has only change_media_cb).</summary>
    public void EjectRequest(bool force)
    {
    }
}
