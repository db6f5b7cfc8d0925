namespace Emu.Devices.Storage.Ide;

/// <summary>The sense keys and additional sense codes QEMU's IDE CD-ROM reports (SPC-3 4.5.6, annex D; spec ide-atapi-bios.md B.2). ASCQ is always 0.</summary>
public static class AtapiSense
{
    public const byte NoSense = 0x0;
    public const byte NotReady = 0x2;
    public const byte IllegalRequest = 0x5;
    public const byte UnitAttention = 0x6;

    public const byte InvalidOpcode = 0x20;
    public const byte LogicalBlockOutOfRange = 0x21;
    public const byte InvalidFieldInCdb = 0x24;
    public const byte MediumMayHaveChanged = 0x28;
    public const byte IncompatibleMedium = 0x30;
    public const byte SavingParametersNotSupported = 0x39;
    public const byte MediumNotPresent = 0x3A;
    public const byte DataPhaseError = 0x4B;
    public const byte MediumRemovalPrevented = 0x53;
}
