using Emu.Bios.Boot;
using Emu.Bios.Rom;

namespace Emu.Bios.Services;

/// <summary>INT 18h: the current boot entry failed; go on with the next one (SeaBIOS <c>handle_18</c>).</summary>
public sealed class Int18BootFailure : BiosInterruptHandler
{
    private readonly BootSequence _sequence;

    public Int18BootFailure(BiosContext context, BootSequence sequence)
        : base(context)
    {
        _sequence = sequence;
    }

    public override byte Vector => 0x18;

    public Action? NothingBootable { get; set; }

    public override ushort WriteStub(StubWriter writer) => Int19Boot.WriteBootStub(writer, Vector);

    public override void Handle() => Int19Boot.Boot(Context, _sequence, NothingBootable);
}
