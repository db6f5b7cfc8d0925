using Emu.Bios;
using Emu.Core.Cpu;
using Emu.Core.Io;
using Emu.Core.Machine;
using Emu.Core.Memory;
using Emu.Core.Timing;
using Emu.Devices.Block;
using Emu.Devices.Chipset;
using Emu.Devices.Dma;
using Emu.Devices.Input;
using Emu.Devices.Misc;
using Emu.Devices.Serial;
using Emu.Devices.Storage;
using Emu.Devices.Storage.Floppy;
using Emu.Devices.Storage.Ide;
using Emu.Devices.Video;

namespace Emu.App.Machine;

/// <summary>
/// A built PC (QEMU's <c>pc</c> machine as far as Emu has it): the parts <see cref="PcBuilder"/>
/// wired together, the run loop that drives them, and the machine reset. Everything here runs on
/// the machine thread; other threads use <see cref="RunLoop.Post"/>.
/// </summary>
public sealed class PcMachine : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    internal PcMachine(PhysicalMemory memory, IoBus io)
    {
        Memory = memory;
        Io = io;
    }

    public PhysicalMemory Memory { get; }

    public IoBus Io { get; }

    public Cpu Cpu { get; internal set; } = null!;

    public VirtualClock Clock { get; internal set; } = null!;

    public EventScheduler Scheduler { get; internal set; } = null!;

    public RunLoop Loop { get; internal set; } = null!;

    public Pic8259Pair Pic { get; internal set; } = null!;

    public Pit8254 Pit { get; internal set; } = null!;

    public Rtc146818 Rtc { get; internal set; } = null!;

    public Port92 Port92 { get; internal set; } = null!;

    public SystemControlPortB PortB { get; internal set; } = null!;

    /// <summary>The PIIX4 ACPI power management (PM block, PM timer, SCI, power button, S5); null on isapc.</summary>
    public Piix4Pm? PowerManagement { get; internal set; }

    /// <summary>QEMU's firmware configuration device (510h, DMA at 514h), read by SeaBIOS under <c>-bios</c>.</summary>
    public Emu.Devices.Firmware.FwCfg FwCfg { get; internal set; } = null!;

    public I8042 KeyboardController { get; internal set; } = null!;

    /// <summary>Host key and pointer events (monitor, window) into the keyboard controller.</summary>
    public HostInput Input { get; internal set; } = null!;

    /// <summary>The standard VGA, or null under <c>-vga none</c> / <c>-nodefaults</c>.</summary>
    public Vga? Vga { get; internal set; }

    /// <summary>The legacy IDE channels (1F0h/3F6h IRQ 14, 170h/376h IRQ 15) with the IDE drives attached.</summary>
    public IdeController Ide { get; internal set; } = null!;

    /// <summary>The two 8237 DMA controllers with their page registers.</summary>
    public IsaDma Dma { get; internal set; } = null!;

    /// <summary>The floppy disk controller (3F0h, IRQ 6, DMA 2) with the floppy drives.</summary>
    public Fdc82078 FloppyController { get; internal set; } = null!;

    /// <summary>The PCI bus and its functions, or null on <c>-machine isapc</c>.</summary>
    public PciDevices? Pci { get; internal set; }

    /// <summary>COM1-COM4 as configured (empty with <c>-serial none</c> or <c>-nodefaults</c>).</summary>
    public List<Uart16550> SerialPorts { get; } = [];

    public DebugConsole? DebugConsole { get; internal set; }

    /// <summary>The <c>--line-log</c> of COM1 and the debug console, or null.</summary>
    public LineLog? LineLog { get; internal set; }

    /// <summary>The built-in BIOS, or null with <c>-bios FILE</c>.</summary>
    public HleBios? Bios { get; internal set; }

    /// <summary>Every drive (floppies, IDE disks and CD-ROMs, if=none drives) by QMP name.</summary>
    public List<BlockDrive> Drives { get; } = [];

    /// <summary><c>-machine none</c>: no CPU runs and none of the devices above exist (see PcBuilder.Empty).</summary>
    public bool IsEmpty { get; internal set; }

    /// <summary>Guest resets seen (port 92h, i8042 pulse, Ctrl+Alt+Del).</summary>
    public int ResetCount { get; private set; }

    /// <summary>Runs until a stop condition (see <see cref="MachineStopReason"/>).</summary>
    public MachineStopReason Run(long instructionLimit = long.MaxValue) => Loop.Run(instructionLimit);

    /// <summary>
    /// The system reset (QEMU qemu_system_reset): CPU, chipset and the drives' devices to their
    /// power-on state, memory kept; the CPU then runs the firmware from F000:FFF0 again (POST for
    /// the built-in BIOS). The same for a guest's reset with or without a monitor and for
    /// system_reset. A CD-ROM's tray closes and unlocks through the IDE reset (AtapiCdrom.Reset);
    /// a drive with no device has no tray state a reset could touch, as in QEMU.
    /// </summary>
    public void Reset()
    {
        ResetCount++;
        if (IsEmpty)
        {
            return;
        }

        Pic.Reset();
        Pit.Reset();
        Port92.Reset();
        KeyboardController.Reset();
        Vga?.SetMode3Registers();
        Ide.Reset();
        Dma.Reset();
        FloppyController.Reset();
        Pci?.Reset();
        FwCfg.Reset();
        foreach (Uart16550 uart in SerialPorts)
        {
            uart.Reset();
        }

        Cpu.Reset();
    }

    internal void Own(IDisposable disposable) => _owned.Add(disposable);

    public void Dispose()
    {
        // A medium inserted at run time (QMP blockdev-change-medium) is closed with the drive
        // that holds it; disposing a medium twice is harmless.
        foreach (BlockDrive drive in Drives)
        {
            drive.Medium?.Dispose();
        }

        foreach (IDisposable disposable in _owned)
        {
            disposable.Dispose();
        }

        _owned.Clear();
    }
}
