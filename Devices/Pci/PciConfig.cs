namespace Emu.Devices.Pci;

/// <summary>Offsets and bits of the type 0 configuration header (PCI Local Bus 3.0, 6.1 and 6.2).</summary>
public static class PciConfig
{
    public const int VendorId = 0x00;
    public const int DeviceId = 0x02;
    public const int Command = 0x04;
    public const int Status = 0x06;
    public const int Revision = 0x08;
    public const int ProgIf = 0x09;
    public const int SubClass = 0x0A;
    public const int ClassCode = 0x0B;
    public const int CacheLineSize = 0x0C;
    public const int LatencyTimer = 0x0D;
    public const int HeaderType = 0x0E;
    public const int Bar0 = 0x10;
    public const int SubsystemVendorId = 0x2C;
    public const int SubsystemId = 0x2E;
    public const int RomAddress = 0x30;
    public const int InterruptLine = 0x3C;
    public const int InterruptPin = 0x3D;

    /// <summary>Where the device-specific registers begin.</summary>
    public const int HeaderSize = 0x40;

    public const int Size = 0x100;

    public const int BarCount = 6;

    /// <summary>The ROM BAR's slot in a function's BAR table (after BAR0-BAR5), as QEMU's PCI_ROM_SLOT.</summary>
    public const int RomSlot = 6;

    public const ushort CommandIo = 0x0001;
    public const ushort CommandMemory = 0x0002;
    public const ushort CommandMaster = 0x0004;
    public const ushort CommandSerr = 0x0100;
    public const ushort CommandIntxDisable = 0x0400;

    public const ushort StatusInterrupt = 0x0008;
    public const ushort StatusFastBackToBack = 0x0080;
    public const ushort StatusDevselMedium = 0x0200;

    /// <summary>Error bits that software clears by writing 1 (PCI Local Bus 3.0, 6.2.3).</summary>
    public const ushort StatusWriteOneToClear = 0x0100 | 0x0800 | 0x1000 | 0x2000 | 0x4000 | 0x8000;

    public const byte HeaderMultiFunction = 0x80;

    public const uint RomEnable = 0x0000_0001;

    /// <summary>QEMU gives every function this subsystem (Red Hat / QEMU) unless the device sets its own.</summary>
    public const ushort QemuSubsystemVendor = 0x1AF4;
    public const ushort QemuSubsystem = 0x1100;
}
