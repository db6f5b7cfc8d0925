using Emu.Core.Interrupts;

namespace Emu.Devices.Tests.Misc;

/// <summary>An interrupt controller that records each input's level and counts its rising edges.</summary>
public sealed class RecordingIrqController : IIrqController
{
    private readonly bool[] _levels = new bool[16];
    private readonly int[] _rises = new int[16];

    public List<long> RiseTimes { get; } = [];

    public Func<long>? Clock { get; set; }

    public IrqLine Line(int irq) => new(this, irq);

    public bool Level(int irq) => _levels[irq];

    public int Rises(int irq) => _rises[irq];

    public void SetIrqLevel(int irq, bool level)
    {
        if (level && !_levels[irq])
        {
            _rises[irq]++;
            if (Clock is not null)
            {
                RiseTimes.Add(Clock());
            }
        }

        _levels[irq] = level;
    }
}
