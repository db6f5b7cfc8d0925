using Emu.Core.Interrupts;
using Emu.Core.Io;
using Emu.Core.State;
using Emu.Core.Timing;

namespace Emu.Devices.Chipset;

/// <summary>
/// The Intel 8254 programmable interval timer at 1.193182 MHz. Ports 40h-42h (counters 0-2)
/// and 43h (control word, read-back command; reads 00h as on QEMU). Counter 0's OUT drives
/// IRQ0; counter 2's gate and OUT go through port 61h (<see cref="SystemControlPortB"/>).
/// Counts are computed from virtual time at each read; the only timer event is counter 0's next
/// OUT transition. Follows the 8254 data sheet (modes 0-5, BCD, latch, read-back) and QEMU
/// <c>hw/timer/i8254.c</c> where a guest sees QEMU's behaviour: a new count takes effect at
/// once in every mode, mode 3 counts down by two, and OUT in modes 2 and 4 has QEMU's polarity
/// (a one-clock high pulse; the data sheet has a one-clock low pulse), which read-back status
/// bytes show (observed 34h for counter 0 after SeaBIOS). Unlike QEMU, a control word stops the
/// counter until its count is written (null count, status bit 6) and modes 1 and 5 wait for a
/// gate edge, as the data sheet says. Leaves out: the one-clock load delay after a count.
/// </summary>
public sealed class Pit8254 : IPortDevice, IStatefulDevice
{
    /// <summary>Input clock in Hz (14.31818 MHz / 12, QEMU <c>PIT_FREQ</c>).</summary>
    public const long Frequency = 1_193_182;

    public const ushort BasePort = 0x40;
    public const ushort ControlPort = 0x43;

    private readonly EventScheduler _scheduler;
    private readonly IrqLine _irq0;
    private readonly TimerEvent _irqTimer;
    private readonly PitChannel[] _channels;

    public Pit8254(EventScheduler scheduler, IrqLine irq0)
    {
        _scheduler = scheduler;
        _irq0 = irq0;
        _irqTimer = new TimerEvent("pit-irq0", OnIrqTimer);
        // Gates: counters 0 and 1 are tied high on a PC; counter 2's comes from port 61h bit 0.
        _channels = [new PitChannel(0, gate: true), new PitChannel(1, gate: true), new PitChannel(2, gate: false)];
        Reset();
    }

    public string StateName => "pit";

    public PitChannel GetChannel(int index) => _channels[index];

    public void Attach(IoBus bus) => bus.Claim(BasePort, 4, this, "pit");

    /// <summary>Counter <paramref name="channel"/>'s OUT pin now (port 61h bit 5 for counter 2).</summary>
    public bool GetOutput(int channel) => _channels[channel].GetOutput(_scheduler.Now);

    public bool GetGate(int channel) => _channels[channel].Gate;

    /// <summary>Drives counter <paramref name="channel"/>'s GATE input (port 61h bit 0 for counter 2).</summary>
    public void SetGate(int channel, bool level)
    {
        _channels[channel].SetGate(level, _scheduler.Now);
        if (channel == 0)
        {
            UpdateIrq(_scheduler.Now);
        }
    }

    public byte ReadByte(ushort port)
    {
        int index = port - BasePort;
        if ((uint)index >= 3)
        {
            return 0x00; // the control register is write-only; QEMU reads 00
        }

        return _channels[index].Read(_scheduler.Now);
    }

    public void WriteByte(ushort port, byte value)
    {
        long now = _scheduler.Now;
        int index = port - BasePort;
        if ((uint)index < 3)
        {
            if (_channels[index].Write(value, now) && index == 0)
            {
                UpdateIrq(now);
            }

            return;
        }

        if ((uint)index != 3)
        {
            return;
        }

        int select = value >> 6;
        if (select == 3)
        {
            // Read-back command: bit 5 = 0 latches counts, bit 4 = 0 latches status, bits 3-1 select.
            for (int channel = 0; channel < 3; channel++)
            {
                if ((value & (2 << channel)) == 0)
                {
                    continue;
                }

                if ((value & 0x20) == 0)
                {
                    _channels[channel].LatchCount(now);
                }

                if ((value & 0x10) == 0)
                {
                    _channels[channel].LatchStatus(now);
                }
            }

            return;
        }

        _channels[select].WriteControl(value, now);
        if (select == 0)
        {
            UpdateIrq(now);
        }
    }

    /// <summary>QEMU's reset state: every counter in mode 3 with count 65536, counter 0 running.</summary>
    public void Reset()
    {
        long now = _scheduler.Now;
        foreach (PitChannel channel in _channels)
        {
            channel.Reset(now);
        }

        UpdateIrq(now);
    }

    public void Save(StateWriter writer)
    {
        long now = _scheduler.Now;
        writer.BeginSection(StateName, 1);
        foreach (PitChannel channel in _channels)
        {
            channel.Save(writer, now);
        }

        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 1, 1);
        long now = _scheduler.Now;
        foreach (PitChannel channel in _channels)
        {
            channel.Load(section, now);
        }

        UpdateIrq(now);
    }

    internal static long NanosecondsToTicks(long nanoseconds)
    {
        if (nanoseconds <= 0)
        {
            return 0;
        }

        // Split so that nothing overflows: floor(ns * F / 1e9) exactly.
        long seconds = nanoseconds / VirtualClock.TicksPerSecond;
        long rest = nanoseconds % VirtualClock.TicksPerSecond;
        return (seconds * Frequency) + (rest * Frequency / VirtualClock.TicksPerSecond);
    }

    /// <summary>The first nanosecond at which <see cref="NanosecondsToTicks"/> reaches <paramref name="ticks"/>.</summary>
    internal static long TicksToNanoseconds(long ticks)
    {
        long whole = ticks / Frequency;
        long rest = ticks % Frequency;
        return (whole * VirtualClock.TicksPerSecond) + (((rest * VirtualClock.TicksPerSecond) + Frequency - 1) / Frequency);
    }

    private void OnIrqTimer(long due) => UpdateIrq(due);

    private void UpdateIrq(long now)
    {
        PitChannel channel = _channels[0];
        bool output = channel.GetOutput(now);
        if (output != _irq0.Level)
        {
            _irq0.Set(output);
        }

        long next = channel.NextTransition(channel.Ticks(now));
        if (next < 0)
        {
            _scheduler.Cancel(_irqTimer);
            return;
        }

        long deadline = channel.LoadTime + TicksToNanoseconds(next);
        _scheduler.Schedule(_irqTimer, Math.Max(deadline, now + 1));
    }
}
