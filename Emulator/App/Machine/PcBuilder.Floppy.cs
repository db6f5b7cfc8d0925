using Emu.Devices.Dma;
using Emu.Devices.Storage.Floppy;

namespace Emu.App.Machine;

/// <summary>The ISA DMA controllers and the floppy controller, as QEMU's pc machine always has them.</summary>
public sealed partial class PcBuilder
{
    /// <summary>
    /// The two 8237s (channels 0-7, pages 81h-8Fh) and the 82078 at 3F0h on IRQ 6 and DMA channel 2,
    /// with drives A: and B: of <c>-drive if=floppy</c>. Without <c>-nodefaults</c> QEMU's drive A:
    /// exists even when empty. INT 13h reads the same drives directly.
    /// </summary>
    private void BuildFloppy()
    {
        IsaDma dma = new(_machine.Memory, _machine.Scheduler);
        dma.Attach(_machine.Io);
        _machine.Dma = dma;

        Fdc82078 fdc = new(_machine.Pic.GetLine(Fdc82078.Irq), dma, _machine.Scheduler, Floppy(0), Floppy(1), emptyDriveA: !_options.NoDefaults);
        fdc.Attach(_machine.Io);
        _machine.FloppyController = fdc;
    }
}
