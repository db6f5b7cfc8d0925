using System.Runtime.CompilerServices;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// IN and OUT through the <see cref="Emu.Core.Io.IoBus"/>. In protected mode with CPL &gt; IOPL every
/// port of the access must be clear in the TSS I/O permission bitmap (SDM Vol. 1 19.5), else #GP(0).
/// </summary>
public sealed unsafe partial class Cpu
{
    private const byte IoPortDx = 1;

    private uint PortIn(int width, ushort port) => width switch
    {
        1 => _io.ReadByte(port),
        2 => _io.ReadWord(port),
        _ => _io.ReadDword(port),
    };

    private void PortOut(int width, ushort port, uint value)
    {
        switch (width)
        {
            case 1:
                _io.WriteByte(port, (byte)value);
                break;
            case 2:
                _io.WriteWord(port, (ushort)value);
                break;
            default:
                _io.WriteDword(port, value);
                break;
        }
    }

    private static Flow In(Cpu c, ref Instruction i, ref Ops o)
    {
        ushort port = (o.Aux & IoPortDx) != 0 ? (ushort)c.Reg(2) : (ushort)o.Imm;
        if (!c.IoAllowed(port, o.Width))
        {
            return Flow.Fault;
        }

        c.SetReg(o.Width, 0, 0, c.PortIn(o.Width, port));
        return Flow.Next;
    }

    private static Flow Out(Cpu c, ref Instruction i, ref Ops o)
    {
        ushort port = (o.Aux & IoPortDx) != 0 ? (ushort)c.Reg(2) : (ushort)o.Imm;
        if (!c.IoAllowed(port, o.Width))
        {
            return Flow.Fault;
        }

        c.PortOut(o.Width, port, c.GetReg(o.Width, 0, 0));
        return Flow.Next;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IoAllowed(ushort port, int width) => !_pe || _cpl <= (int)((_flags >> 12) & 3) || IoBitmapAllows(port, width);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool IoBitmapAllows(ushort port, int width)
    {
        int type = _tr.Attr & 0xF;
        if ((_tr.Attr & ArPresent) == 0 || (type != 9 && type != 0xB) || _tr.Limit < 0x67)
        {
            return Fault(13);
        }

        if (!ReadLinear(_tr.Base + 0x66, 2, false, out uint mapBase))
        {
            return false;
        }

        uint at = mapBase + (uint)(port >> 3);
        if (at + 1 > _tr.Limit)
        {
            return Fault(13);
        }

        if (!ReadLinear(_tr.Base + at, 2, false, out uint bits))
        {
            return false;
        }

        uint mask = ((1u << width) - 1) << (port & 7);
        return (bits & mask) == 0 || Fault(13);
    }
}
