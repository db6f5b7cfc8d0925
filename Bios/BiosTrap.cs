using Emu.Bios.Rom;
using Emu.Core.Io;

namespace Emu.Bios;

/// <summary>
/// The port the ROM stubs write to (design.md "BIOS call"): a word write of a service id to
/// <see cref="BiosLayout.TrapPort"/>. The stub pushed AX to free it for the id; the trap pops it
/// back, so the service sees exactly the caller's registers and the stack holds IP, CS, FLAGS
/// for the stub's IRET. Writes from outside the ROM segment are ignored (a guest probing ports
/// must not run BIOS services), and reads return FF as for an unassigned port.
/// </summary>
public sealed class BiosTrap : IPortDevice
{
    public const int ServiceCount = 0x200;

    private readonly BiosContext _context;
    private readonly Action?[] _services = new Action?[ServiceCount];
    private bool _warnedForeign;

    public BiosTrap(BiosContext context)
    {
        _context = context;
    }

    public void Attach(IoBus io) => io.Claim(BiosLayout.TrapPort, 2, this, "hle-bios", PortWidths.Word);

    public void Register(ushort serviceId, Action service) => _services[serviceId] = service;

    public byte ReadByte(ushort port) => 0xFF;

    public void WriteByte(ushort port, byte value)
    {
    }

    public ushort ReadWord(ushort port) => 0xFFFF;

    public void WriteWord(ushort port, ushort value)
    {
        if (port != BiosLayout.TrapPort)
        {
            return;
        }

        Core.Cpu.ICpuRegisters cpu = _context.Cpu;
        Action? service = value < ServiceCount ? _services[value] : null;
        if (cpu.CS != BiosLayout.RomSegment || service is null)
        {
            if (!_warnedForeign)
            {
                _warnedForeign = true;
                _context.Log.Warning?.Invoke($"write {value:X4} to the BIOS trap port from {cpu.CS:X4}:{cpu.EIP:X4} ignored");
            }

            return;
        }

        uint top = BiosContext.Linear(cpu.SS, cpu.SP);
        cpu.AX = _context.Memory.Read16(top);
        cpu.SP = (ushort)(cpu.SP + 2);
        cpu.EFLAGS &= ~(uint)Core.Cpu.EFlags.ZF;
        service();
    }
}
