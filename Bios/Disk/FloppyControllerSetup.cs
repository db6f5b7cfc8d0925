using Emu.Core.Io;

namespace Emu.Bios.Disk;

/// <summary>
/// What SeaBIOS does to the DMA and floppy controllers, so a guest's own driver (or a later
/// <c>-bios</c> SeaBIOS) finds them as it would after QEMU's firmware (SeaBIOS src/hw/dma.c
/// <c>dma_setup</c>, src/hw/floppy.c <c>floppy_setup</c>, <c>floppy_enable_controller</c>,
/// <c>floppy_drive_pio</c>, <c>floppy_tick</c>). INT 13h still reads the images directly; these
/// port writes only leave the controller's registers as SeaBIOS's reads would: reset done, SPECIFY
/// from the diskette parameter table, the drive recalibrated, the motor off once the BIOS's motor
/// count runs out. Without a controller on the bus the writes go nowhere.
/// </summary>
public sealed class FloppyControllerSetup
{
    private const ushort Dor = 0x3F2;
    private const ushort Msr = 0x3F4;
    private const ushort Fifo = 0x3F5;

    // INT 1Eh diskette parameter table bytes 0 and 1 (SeaBIOS diskette_param_table2): step rate / head unload, head load / DMA.
    private const byte SpecifyStepUnload = 0xAF;
    private const byte SpecifyHeadLoad = 0x02;

    private readonly IoBus _io;
    private bool _enabled;
    private int _recalibrated;

    public FloppyControllerSetup(IoBus io)
    {
        _io = io;
    }

    /// <summary>POST: master-clear both DMA controllers, channel 4 to cascade and unmasked, then channel 2 unmasked for the floppy.</summary>
    public void Post()
    {
        _io.WriteByte(0x0D, 0);
        _io.WriteByte(0xDA, 0);
        _io.WriteByte(0xD6, 0xC0);
        _io.WriteByte(0xD4, 0x00);
        _io.WriteByte(0x0A, 0x02);
        _enabled = false;
        _recalibrated = 0;
    }

    /// <summary>An INT 13h access to floppy <paramref name="drive"/>: bring the controller up once, select the drive with its motor on.</summary>
    public void Use(int drive)
    {
        if (!_enabled)
        {
            // Reset through the DOR, take the interrupt's status, program the drive timings.
            _io.WriteByte(Dor, 0x00);
            _io.WriteByte(Dor, 0x0C);
            Command(0x08);
            Command(0x03, SpecifyStepUnload, SpecifyHeadLoad);
            _enabled = true;
        }

        _io.WriteByte(Dor, (byte)((drive != 0 ? 0x20 : 0x10) | 0x0C | drive));
        if ((_recalibrated & (1 << drive)) == 0)
        {
            Command(0x07, (byte)drive);
            Command(0x08);
            _recalibrated |= 1 << drive;
        }
    }

    /// <summary>The BIOS motor count ran out (SeaBIOS <c>floppy_tick</c>): motors off, the rest of the DOR kept.</summary>
    public void MotorOff()
    {
        if (_enabled)
        {
            _io.WriteByte(Dor, (byte)(_io.ReadByte(Dor) & 0x0F));
        }
    }

    /// <summary>Sends a command and drains its result bytes (the controller answers at once).</summary>
    private void Command(params ReadOnlySpan<byte> bytes)
    {
        foreach (byte value in bytes)
        {
            _io.WriteByte(Fifo, value);
        }

        for (int i = 0; i < 16 && (_io.ReadByte(Msr) & 0xD0) == 0xD0; i++)
        {
            _io.ReadByte(Fifo);
        }
    }
}
