using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Core.Timing;

namespace Emu.Devices.Dma;

/// <summary>
/// The PC/AT's two cascaded 8237 DMA controllers (QEMU <c>i8257_dma_init</c>): channels 0-3 on the
/// first (ports 00h-0Fh, pages 81h-83h/87h), 4-7 on the second (C0h-DFh, pages 89h-8Bh/8Fh; channel 4
/// is the cascade). Port 80h stays the POST port: QEMU's page registers skip it and it reads FFh.
/// A device calls <see cref="HoldRequest"/>; the transfer runs at once when the channel is unmasked,
/// and again from the event queue while a request stays pending (QEMU's idle bottom half).
/// </summary>
public sealed class IsaDma
{
    /// <summary>Virtual time between runs while a request is pending and nothing moves (a masked or half-programmed channel).</summary>
    private const long RetryNanoseconds = 100_000;

    private readonly EventScheduler _scheduler;
    private readonly TimerEvent _retry;

    public IsaDma(PhysicalMemory memory, EventScheduler scheduler)
    {
        _scheduler = scheduler;
        Low = new Dma8237(0, 0x00, 0x80, memory, "dma1");
        High = new Dma8237(1, 0xC0, 0x88, memory, "dma2");
        _retry = new TimerEvent("isa-dma", _ => RunAll());
        Low.RunAgain = ScheduleRetry;
        High.RunAgain = ScheduleRetry;
    }

    /// <summary>Channels 0-3.</summary>
    public Dma8237 Low { get; }

    /// <summary>Channels 4-7.</summary>
    public Dma8237 High { get; }

    public void Attach(IoBus bus)
    {
        Low.Attach(bus);
        High.Attach(bus);
    }

    public void Reset()
    {
        _scheduler.Cancel(_retry);
        Low.Reset();
        High.Reset();
    }

    /// <summary>Connects the device served by <paramref name="channel"/> (0-7).</summary>
    public void Register(int channel, IIsaDmaClient client) => Controller(channel).Channel(channel & 3).Client = client;

    public void HoldRequest(int channel) => Controller(channel).HoldRequest(channel & 3);

    public void ReleaseRequest(int channel) => Controller(channel).ReleaseRequest(channel & 3);

    public void ReadMemory(int channel, Span<byte> buffer, int position) => Controller(channel).ReadMemory(channel & 3, buffer, position);

    public void WriteMemory(int channel, ReadOnlySpan<byte> buffer, int position) => Controller(channel).WriteMemory(channel & 3, buffer, position);

    private Dma8237 Controller(int channel) => channel < 4 ? Low : High;

    private void ScheduleRetry()
    {
        if (!_retry.IsScheduled)
        {
            _scheduler.ScheduleIn(_retry, RetryNanoseconds);
        }
    }

    private void RunAll()
    {
        Low.Run();
        High.Run();
    }
}
