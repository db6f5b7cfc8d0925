using Emu.Core.Interrupts;
using Emu.Core.Io;
using Emu.Core.State;

namespace Emu.Devices.Chipset;

/// <summary>
/// The PC/AT's cascaded pair of Intel 8259A PICs plus the PIIX3 edge/level control registers.
/// Ports: master 20h/21h, slave A0h/A1h, ELCR 4D0h/4D1h. The slave's INT drives master IR2;
/// IRQ 8-15 arrive on the slave. Devices drive inputs through <see cref="IrqLine"/>s
/// (<see cref="IIrqController"/>); the CPU samples <see cref="IntrAsserted"/> and runs the INTA
/// cycle with <see cref="Acknowledge"/> (<see cref="IInterruptSource"/>).
/// Follows the 8259A data sheet and QEMU <c>hw/intc/i8259.c</c>: a request that vanished
/// before INTA yields the spurious IRQ 7 (or 15) vector without setting ISR.
/// Leaves out buffered mode, MCS-80/85 mode and LTIM (edge/level is ELCR's job on the PIIX3).
/// </summary>
public sealed class Pic8259Pair : IPortDevice, IIrqController, IInterruptSource, IStatefulDevice
{
    public const ushort MasterCommandPort = 0x20;
    public const ushort MasterDataPort = 0x21;
    public const ushort SlaveCommandPort = 0xA0;
    public const ushort SlaveDataPort = 0xA1;
    public const ushort ElcrPort = 0x4D0;

    private const int CascadeInput = 2;
    private bool _intr;

    public Pic8259Pair()
    {
        // PIIX3 ELCR: IRQ 0, 1, 2 (master) and 8, 13 (slave) are always edge-triggered.
        Master = new Pic8259(isMaster: true, elcrMask: 0xF8);
        Slave = new Pic8259(isMaster: false, elcrMask: 0xDE);
    }

    public Pic8259 Master { get; }

    public Pic8259 Slave { get; }

    /// <summary>The CPU's INTR input (master INT).</summary>
    public bool IntrAsserted => _intr;

    /// <summary>Called when INTR goes high, so the run loop can end a CPU slice early.</summary>
    public Action? IntrRaised { get; set; }

    public string StateName => "pic";

    /// <summary>Claims 20h-21h, A0h-A1h and 4D0h-4D1h.</summary>
    public void Attach(IoBus bus)
    {
        bus.Claim(MasterCommandPort, 2, this, "pic-master");
        bus.Claim(SlaveCommandPort, 2, this, "pic-slave");
        bus.Claim(ElcrPort, 2, this, "piix3-elcr");
    }

    /// <summary>An <see cref="IrqLine"/> wired to input <paramref name="irq"/> (0-15).</summary>
    public IrqLine GetLine(int irq)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(irq);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(irq, 15);
        return new IrqLine(this, irq);
    }

    public void SetIrqLevel(int irq, bool level)
    {
        if ((uint)irq >= 16)
        {
            return;
        }

        if (irq < 8)
        {
            Master.SetInput(irq, level);
        }
        else
        {
            Slave.SetInput(irq - 8, level);
        }

        Update();
    }

    /// <summary>
    /// The INTA cycle: returns the vector of the highest-priority request and moves it to ISR.
    /// If nothing is pending any more, returns the spurious IRQ 7 vector (8259A data sheet).
    /// </summary>
    public byte Acknowledge()
    {
        int irq = Master.GetPendingIrq();
        byte vector;
        if (irq < 0)
        {
            vector = (byte)(Master.VectorBase + 7);
        }
        else if (irq == CascadeInput)
        {
            int slaveIrq = Slave.GetPendingIrq();
            if (slaveIrq >= 0)
            {
                Slave.Acknowledge(slaveIrq);
            }
            else
            {
                slaveIrq = 7; // spurious IRQ 15: no slave ISR bit, the master's IR2 is still in service
            }

            vector = (byte)(Slave.VectorBase + slaveIrq);
            Master.Acknowledge(irq);
        }
        else
        {
            vector = (byte)(Master.VectorBase + irq);
            Master.Acknowledge(irq);
        }

        Update();
        return vector;
    }

    public byte ReadByte(ushort port)
    {
        bool poll = Master.PollPending || Slave.PollPending;
        byte value = port switch
        {
            MasterCommandPort => Master.ReadCommand(),
            MasterDataPort => Master.ReadData(),
            SlaveCommandPort => Slave.ReadCommand(),
            SlaveDataPort => Slave.ReadData(),
            ElcrPort => Master.Elcr,
            ElcrPort + 1 => Slave.Elcr,
            _ => 0xFF,
        };

        // A poll read acknowledges, which can change the outputs.
        if (poll)
        {
            Update();
        }

        return value;
    }

    public void WriteByte(ushort port, byte value)
    {
        switch (port)
        {
            case MasterCommandPort:
                Master.WriteCommand(value);
                break;
            case MasterDataPort:
                Master.WriteData(value);
                break;
            case SlaveCommandPort:
                Slave.WriteCommand(value);
                break;
            case SlaveDataPort:
                Slave.WriteData(value);
                break;
            case ElcrPort:
                Master.WriteElcr(value);
                break;
            case ElcrPort + 1:
                Slave.WriteElcr(value);
                break;
            default:
                return;
        }

        Update();
    }

    /// <summary>Power-on reset: both chips uninitialised, ELCR all edge.</summary>
    public void Reset()
    {
        Master.Reset();
        Slave.Reset();
        Update();
    }

    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        Master.Save(writer, "master.");
        Slave.Save(writer, "slave.");
        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 1, 1);
        Master.Load(section, "master.");
        Slave.Load(section, "slave.");
        Update();
    }

    private void Update()
    {
        // The slave's INT output is the master's IR2 input.
        Master.SetInput(CascadeInput, Slave.Output);
        bool intr = Master.Output;
        bool raised = intr && !_intr;
        _intr = intr;
        if (raised)
        {
            IntrRaised?.Invoke();
        }
    }
}
