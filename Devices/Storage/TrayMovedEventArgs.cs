namespace Emu.Devices.Storage;

/// <summary>A drive's tray moved (QMP DEVICE_TRAY_MOVED): who and where it is now.</summary>
public sealed class TrayMovedEventArgs : EventArgs
{
    public TrayMovedEventArgs(BlockDrive drive, bool trayOpen)
    {
        Drive = drive;
        TrayOpen = trayOpen;
    }

    public BlockDrive Drive { get; }

    public bool TrayOpen { get; }
}
