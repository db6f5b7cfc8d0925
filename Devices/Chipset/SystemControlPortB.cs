using Emu.Core.Io;
using Emu.Core.State;

namespace Emu.Devices.Chipset;

/// <summary>
/// Port 61h, the PC/AT system control port B (IBM PC/AT Technical Reference; QEMU
/// <c>hw/audio/pcspk.c</c>). Bit 0 drives PIT counter 2's gate, bit 1 enables the speaker
/// data (ANDed with counter 2's OUT), bit 4 reads the refresh-request toggle, bit 5 reads
/// counter 2's OUT. As in QEMU, the refresh bit flips on every read rather than every
/// 15.085 us, and the parity/IOCHK bits read 0. No sound is produced.
/// </summary>
public sealed class SystemControlPortB : IPortDevice, IStatefulDevice
{
    public const ushort Port = 0x61;

    private readonly Pit8254 _pit;
    private byte _refreshToggle;

    public SystemControlPortB(Pit8254 pit)
    {
        _pit = pit;
    }

    /// <summary>Bit 1: speaker data enable.</summary>
    public bool SpeakerDataEnabled { get; private set; }

    /// <summary>True while the speaker would sound (gate on, data on).</summary>
    public bool SpeakerActive => SpeakerDataEnabled && _pit.GetGate(2);

    public string StateName => "port61";

    public void Attach(IoBus bus) => bus.Claim(Port, 1, this, "port61");

    public byte ReadByte(ushort port)
    {
        _refreshToggle ^= 0x10;
        return (byte)((_pit.GetGate(2) ? 0x01 : 0) | (SpeakerDataEnabled ? 0x02 : 0) | _refreshToggle | (_pit.GetOutput(2) ? 0x20 : 0));
    }

    public void WriteByte(ushort port, byte value)
    {
        SpeakerDataEnabled = (value & 0x02) != 0;
        _pit.SetGate(2, (value & 0x01) != 0);
    }

    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        writer.Write("speakerData", SpeakerDataEnabled);
        writer.Write("refresh", _refreshToggle != 0);
        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 1, 1);
        SpeakerDataEnabled = section.GetBool("speakerData");
        _refreshToggle = (byte)(section.GetBool("refresh") ? 0x10 : 0);
    }
}
