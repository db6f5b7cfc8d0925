using Emu.Core.State;

namespace Emu.Devices.Chipset;

/// <summary>
/// One Intel 8259A programmable interrupt controller (x86 mode). The pair and the cascade are
/// owned by <see cref="Pic8259Pair"/>, which routes the ports; this class is the chip's
/// register file and priority logic (8259A data sheet; QEMU <c>hw/intc/i8259.c</c>).
/// Edge or level sensing per input comes from the PIIX3 ELCR, as on QEMU's <c>pc</c>
/// machine; LTIM in ICW1 is accepted and ignored (QEMU does the same). Buffered mode and
/// MCS-80/85 mode are not modelled.
/// </summary>
public sealed class Pic8259
{
    // ICW1 (8259A data sheet, "Initialization command words").
    private const byte Icw1Ic4 = 0x01;
    private const byte Icw1Single = 0x02;

    private byte _lineLevels;
    private byte _initState;
    private bool _init4;
    private bool _singleMode;
    private bool _poll;
    private bool _readIsr;

    internal Pic8259(bool isMaster, byte elcrMask)
    {
        IsMaster = isMaster;
        ElcrMask = elcrMask;
    }

    public bool IsMaster { get; }

    /// <summary>Interrupt request register.</summary>
    public byte Irr { get; private set; }

    /// <summary>In-service register.</summary>
    public byte Isr { get; private set; }

    /// <summary>Interrupt mask register (OCW1).</summary>
    public byte Imr { get; private set; }

    /// <summary>ICW2 vector base (low 3 bits zero).</summary>
    public byte VectorBase { get; private set; }

    /// <summary>ELCR: bit n = 1 makes input n level-sensitive (PIIX3 4D0/4D1).</summary>
    public byte Elcr { get; private set; }

    /// <summary>Bits of the ELCR that may be set (IRQ 0, 1, 2, 8, 13 are always edge on the PIIX3).</summary>
    public byte ElcrMask { get; }

    /// <summary>The input that has the lowest priority is <c>(PriorityAdd + 7) &amp; 7</c>.</summary>
    public int PriorityAdd { get; private set; }

    public bool AutoEoi { get; private set; }

    public bool RotateOnAutoEoi { get; private set; }

    public bool SpecialMask { get; private set; }

    public bool SpecialFullyNested { get; private set; }

    /// <summary>True when the next read is a poll (OCW3 P=1), which acknowledges like INTA.</summary>
    internal bool PollPending => _poll;

    /// <summary>INT output: a pending unmasked request outranks everything in service.</summary>
    public bool Output => GetPendingIrq() >= 0;

    /// <summary>Drives input <paramref name="irq"/> (0-7) to <paramref name="level"/>.</summary>
    internal void SetInput(int irq, bool level)
    {
        byte mask = (byte)(1 << irq);
        if ((Elcr & mask) != 0)
        {
            // Level-sensitive: IRR follows the line.
            Irr = level ? (byte)(Irr | mask) : (byte)(Irr & ~mask);
        }
        else if (level && (_lineLevels & mask) == 0)
        {
            // Edge-sensitive: a rising edge latches a request; a held or falling line changes nothing.
            Irr |= mask;
        }

        _lineLevels = level ? (byte)(_lineLevels | mask) : (byte)(_lineLevels & ~mask);
    }

    /// <summary>The highest-priority pending unmasked input that may interrupt now, or -1.</summary>
    internal int GetPendingIrq()
    {
        int priority = GetPriority((byte)(Irr & ~Imr));
        if (priority == 8)
        {
            return -1;
        }

        // In special mask mode a masked in-service level does not block lower levels
        // (8259A, OCW3 ESMM/SMM); in special fully nested mode the master lets the cascade
        // input through even while it is in service, so higher slave levels can nest (ICW4 SFNM).
        byte inService = Isr;
        if (SpecialMask)
        {
            inService &= (byte)~Imr;
        }

        if (SpecialFullyNested && IsMaster)
        {
            inService &= 0xFB;
        }

        int current = GetPriority(inService);
        return priority < current ? (priority + PriorityAdd) & 7 : -1;
    }

    /// <summary>The INTA cycle for <paramref name="irq"/>: IRR to ISR (or auto-EOI).</summary>
    internal void Acknowledge(int irq)
    {
        byte mask = (byte)(1 << irq);
        if (AutoEoi)
        {
            if (RotateOnAutoEoi)
            {
                PriorityAdd = (irq + 1) & 7;
            }
        }
        else
        {
            Isr |= mask;
        }

        // A level-sensitive request stays in IRR while its line is high.
        if ((Elcr & mask) == 0)
        {
            Irr &= (byte)~mask;
        }
    }

    internal byte ReadCommand()
    {
        if (_poll)
        {
            return Poll();
        }

        return _readIsr ? Isr : Irr;
    }

    internal byte ReadData()
    {
        if (_poll)
        {
            return Poll();
        }

        return Imr;
    }

    internal void WriteCommand(byte value)
    {
        if ((value & 0x10) != 0)
        {
            Initialize(value);
        }
        else if ((value & 0x08) != 0)
        {
            WriteOcw3(value);
        }
        else
        {
            WriteOcw2(value);
        }
    }

    internal void WriteData(byte value)
    {
        switch (_initState)
        {
            case 0:
                Imr = value; // OCW1
                break;
            case 1:
                VectorBase = (byte)(value & 0xF8); // ICW2: T7-T3
                _initState = _singleMode ? (_init4 ? (byte)3 : (byte)0) : (byte)2;
                break;
            case 2:
                // ICW3: the cascade wiring is fixed on a PC (slave on master IR2, slave id 2).
                _initState = _init4 ? (byte)3 : (byte)0;
                break;
            default:
                // ICW4: bit 1 AEOI, bit 4 SFNM; uPM and buffered mode are not modelled.
                AutoEoi = (value & 0x02) != 0;
                SpecialFullyNested = (value & 0x10) != 0;
                _initState = 0;
                break;
        }
    }

    internal void WriteElcr(byte value) => Elcr = (byte)(value & ElcrMask);

    internal void Reset()
    {
        ResetCommon();
        Elcr = 0;
        Irr = 0;
    }

    internal void Save(StateWriter writer, string prefix)
    {
        writer.Write(prefix + "irr", Irr);
        writer.Write(prefix + "isr", Isr);
        writer.Write(prefix + "imr", Imr);
        writer.Write(prefix + "lines", _lineLevels);
        writer.Write(prefix + "base", VectorBase);
        writer.Write(prefix + "elcr", Elcr);
        writer.Write(prefix + "priorityAdd", PriorityAdd);
        writer.Write(prefix + "initState", _initState);
        writer.Write(prefix + "init4", _init4);
        writer.Write(prefix + "single", _singleMode);
        writer.Write(prefix + "poll", _poll);
        writer.Write(prefix + "readIsr", _readIsr);
        writer.Write(prefix + "autoEoi", AutoEoi);
        writer.Write(prefix + "rotateAutoEoi", RotateOnAutoEoi);
        writer.Write(prefix + "specialMask", SpecialMask);
        writer.Write(prefix + "sfnm", SpecialFullyNested);
    }

    internal void Load(StateSection section, string prefix)
    {
        Irr = section.GetByte(prefix + "irr");
        Isr = section.GetByte(prefix + "isr");
        Imr = section.GetByte(prefix + "imr");
        _lineLevels = section.GetByte(prefix + "lines");
        byte vectorBase = section.GetByte(prefix + "base");
        byte elcr = section.GetByte(prefix + "elcr");
        if ((vectorBase & 7) != 0 || (elcr & ~ElcrMask) != 0)
        {
            throw new StateFormatException($"section {section.Name}: {prefix}base or {prefix}elcr has bits the chip cannot hold");
        }

        VectorBase = vectorBase;
        Elcr = elcr;
        PriorityAdd = section.GetInt32(prefix + "priorityAdd", 0, 7);
        _initState = (byte)section.GetInt32(prefix + "initState", 0, 3);
        _init4 = section.GetBool(prefix + "init4");
        _singleMode = section.GetBool(prefix + "single");
        _poll = section.GetBool(prefix + "poll");
        _readIsr = section.GetBool(prefix + "readIsr");
        AutoEoi = section.GetBool(prefix + "autoEoi");
        RotateOnAutoEoi = section.GetBool(prefix + "rotateAutoEoi");
        SpecialMask = section.GetBool(prefix + "specialMask");
        SpecialFullyNested = section.GetBool(prefix + "sfnm");
    }

    private void Initialize(byte icw1)
    {
        // ICW1 (8259A data sheet): clears IMR, IR7 gets the lowest priority, special mask mode
        // off, status reads select IRR. As QEMU's pic_reset_common, ISR, the vector base and the
        // edge-triggered IRR bits are cleared too. The edge detectors keep seeing the wires, so an
        // input already high must go low and high again to interrupt (data sheet, ICW1); QEMU
        // forgets the levels instead, which a saved and restored state could not reproduce.
        ResetCommon();
        _initState = 1;
        _init4 = (icw1 & Icw1Ic4) != 0;
        _singleMode = (icw1 & Icw1Single) != 0;
    }

    private void ResetCommon()
    {
        Irr &= Elcr;
        Imr = 0;
        Isr = 0;
        PriorityAdd = 0;
        VectorBase = 0;
        _readIsr = false;
        _poll = false;
        SpecialMask = false;
        _initState = 0;
        AutoEoi = false;
        RotateOnAutoEoi = false;
        SpecialFullyNested = false;
        _init4 = false;
        _singleMode = false;
    }

    private void WriteOcw3(byte value)
    {
        // OCW3: bit 2 poll, bits 1-0 read register select, bits 6-5 special mask mode.
        if ((value & 0x04) != 0)
        {
            _poll = true;
        }

        if ((value & 0x02) != 0)
        {
            _readIsr = (value & 0x01) != 0;
        }

        if ((value & 0x40) != 0)
        {
            SpecialMask = (value & 0x20) != 0;
        }
    }

    private void WriteOcw2(byte value)
    {
        // OCW2 bits 7-5: R, SL, EOI; bits 2-0: level for the specific forms.
        int level = value & 7;
        switch (value >> 5)
        {
            case 0: // clear rotate in automatic EOI mode
            case 4: // set rotate in automatic EOI mode
                RotateOnAutoEoi = (value >> 5) == 4;
                break;
            case 1: // non-specific EOI
            case 5: // rotate on non-specific EOI
                int priority = GetPriority(Isr);
                if (priority != 8)
                {
                    int irq = (priority + PriorityAdd) & 7;
                    Isr &= (byte)~(1 << irq);
                    if ((value >> 5) == 5)
                    {
                        PriorityAdd = (irq + 1) & 7;
                    }
                }

                break;
            case 3: // specific EOI
                Isr &= (byte)~(1 << level);
                break;
            case 6: // set priority: the given level becomes the lowest
                PriorityAdd = (level + 1) & 7;
                break;
            case 7: // rotate on specific EOI
                Isr &= (byte)~(1 << level);
                PriorityAdd = (level + 1) & 7;
                break;
            default: // 2: no operation
                break;
        }
    }

    private byte Poll()
    {
        // Poll command (OCW3 P=1): the next read acknowledges the highest request as INTA would
        // and returns 80h | level, or 00h when nothing is pending.
        _poll = false;
        int irq = GetPendingIrq();
        if (irq < 0)
        {
            return 0;
        }

        Acknowledge(irq);
        return (byte)(0x80 | irq);
    }

    /// <summary>0 = highest priority under the current rotation, 8 = none of <paramref name="mask"/> set.</summary>
    private int GetPriority(byte mask)
    {
        if (mask == 0)
        {
            return 8;
        }

        int priority = 0;
        while ((mask & (1 << ((priority + PriorityAdd) & 7))) == 0)
        {
            priority++;
        }

        return priority;
    }
}
