using Emu.Core.Timing;
using Emu.Devices.Serial;

namespace Emu.Devices.Tests.Serial;

public sealed class LineLogTests
{
    [Fact]
    public void EachLineIsLoggedWithTheInstructionCountAtItsNewlineAndPassesThrough()
    {
        using TempDirectory dir = new();
        string path = dir.File("lines.log");
        Counter counter = new();
        MemoryCharBackend com1 = new();
        MemoryCharBackend debug = new();
        using (LineLog log = new(path, counter))
        {
            ICharBackend tappedCom1 = log.Tap(com1, "com1");
            ICharBackend tappedDebug = log.Tap(debug, "debugcon");

            counter.InstructionCount = 100;
            tappedCom1.Write("EMU-"u8);
            counter.InstructionCount = 250;
            tappedCom1.Write("HELLO\r\nnext"u8);
            counter.InstructionCount = 300;
            tappedDebug.Write("PASS x\n"u8);
        }

        Assert.Equal("EMU-HELLO\r\nnext", com1.OutputText);
        Assert.Equal("PASS x\n", debug.OutputText);
        Assert.Equal("250 com1 EMU-HELLO\n300 debugcon PASS x\n", File.ReadAllText(path));
    }

    [Fact]
    public void AnOverlongLineIsLoggedInPiecesOfTheMaximumLength()
    {
        using TempDirectory dir = new();
        string path = dir.File("lines.log");
        using (LineLog log = new(path, new Counter { InstructionCount = 7 }))
        {
            log.Tap(new MemoryCharBackend(), "com1").Write(new byte[LineLog.MaxLineBytes + 3].AsSpan().ToArray().Select(_ => (byte)'x').Append((byte)'\n').ToArray());
        }

        string[] lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.Equal("7 com1 " + new string('x', LineLog.MaxLineBytes), lines[0]);
        Assert.Equal("7 com1 xxx", lines[1]);
    }

    private sealed class Counter : IInstructionCounter
    {
        public long InstructionCount { get; set; }
    }
}
