using Emu.Bios.Boot;
using Emu.Bios.Rom;
using Emu.Core.Cpu;

namespace Emu.Bios.Services;

/// <summary>
/// INT 19h bootstrap loader: restarts the boot list (without redoing POST) and jumps to
/// the boot image with the hand-off state; when nothing boots it waits forever with interrupts
/// enabled, as SeaBIOS does under QEMU's default boot-fail-wait.
/// </summary>
public sealed class Int19Boot : BiosInterruptHandler
{
    private readonly BootSequence _sequence;

    public Int19Boot(BiosContext context, BootSequence sequence)
        : base(context)
    {
        _sequence = sequence;
    }

    public override byte Vector => 0x19;

    /// <summary>Called when every boot entry failed (the App may report it).</summary>
    public Action? NothingBootable { get; set; }

    /// <summary>
    /// Trap; on success (live ZF=0) RETF to the entry point the boot sequence left on the boot
    /// stack (0000:7C00 for disks, the El Torito load address for CDs), else STI and HLT forever.
    /// </summary>
    public override ushort WriteStub(StubWriter writer) => WriteBootStub(writer, Vector);

    internal static ushort WriteBootStub(StubWriter writer, byte vector)
    {
        ushort entry = (ushort)writer.Position;
        writer.Trap(vector);
        int failed = writer.JzForward();
        writer.Retf();
        writer.BindHere(failed);
        writer.Sti();
        int hang = writer.Position;
        writer.Hlt();
        writer.JmpShortTo(hang);
        return entry;
    }

    public override void Handle()
    {
        _sequence.Restart();
        Boot(Context, _sequence, NothingBootable);
    }

    internal static void Boot(BiosContext context, BootSequence sequence, Action? nothingBootable)
    {
        if (sequence.TryBoot())
        {
            // A boot sector is entered with IF=1 (pc-platform-bios.md 3.2: EFLAGS 0202h), a kernel with IF=0.
            context.Cpu.EFLAGS = sequence.EntryInterruptsEnabled ? (uint)(EFlags.Reserved1 | EFlags.IF) : (uint)EFlags.Reserved1;
            return;
        }

        context.Cpu.EFLAGS = (uint)(EFlags.Reserved1 | EFlags.ZF);
        nothingBootable?.Invoke();
    }
}
