namespace Emu.Devices.Storage.Floppy;

/// <summary>What a command does once its parameters are in (82078 datasheet section 8, command set).</summary>
internal enum FdcOperation
{
    Invalid,
    Transfer,
    DeletedData,
    Seek,
    SenseInterrupt,
    Recalibrate,
    FormatTrack,
    Restore,
    Save,
    ReadId,
    Specify,
    SenseDriveStatus,
    PerpendicularMode,
    Configure,
    PowerdownMode,
    Option,
    DriveSpecification,
    RelativeSeekOut,
    RelativeSeekIn,
    Lock,
    DumpRegisters,
    Version,
    PartId,
}
