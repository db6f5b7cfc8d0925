using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>IN and OUT through the <see cref="Emu.Core.Io.IoBus"/> (real mode: no I/O permission checks).</summary>
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

    private static bool In(Cpu c, ref Instruction i, ref Ops o)
    {
        ushort port = (o.Aux & IoPortDx) != 0 ? (ushort)c.Reg(2) : (ushort)o.Imm;
        c.SetReg(o.Width, 0, 0, c.PortIn(o.Width, port));
        return true;
    }

    private static bool Out(Cpu c, ref Instruction i, ref Ops o)
    {
        ushort port = (o.Aux & IoPortDx) != 0 ? (ushort)c.Reg(2) : (ushort)o.Imm;
        c.PortOut(o.Width, port, c.GetReg(o.Width, 0, 0));
        return true;
    }
}
