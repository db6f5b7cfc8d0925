using Emu.Devices.Misc;
using Emu.Devices.Serial;

namespace Emu.Devices.Tests.Misc;

public sealed class MiscPortTests
{
    private readonly DeviceRig _rig = new();

    [Fact]
    public void DebugConsoleWritesBytesAndReadsBackE9()
    {
        MemoryCharBackend backend = new();
        new DebugConsole(backend).Attach(_rig.Bus);
        foreach (char c in "ok\n")
        {
            _rig.Out(0xE9, (byte)c);
        }

        Assert.Equal("ok\n", backend.OutputText);
        Assert.Equal(0xE9, _rig.In(0xE9));
    }

    [Fact]
    public void WithoutDebugConsolePortE9ReadsFF()
    {
        Assert.Equal(0xFF, _rig.In(0xE9));
    }

    [Fact]
    public void PostCodePortRecordsCodesAndReadsFF()
    {
        PostCodePort post = new();
        List<byte> codes = [];
        post.CodeWritten = codes.Add;
        post.Attach(_rig.Bus);
        Assert.Null(post.LastCode);
        _rig.Out(0x80, 0x12);
        _rig.Out(0x80, 0x34);
        Assert.Equal((byte)0x34, post.LastCode);
        Assert.Equal([0x12, 0x34], codes);
        Assert.Equal(0xFF, _rig.In(0x80));
    }

    [Fact]
    public void FileBackendWritesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"emu-serial-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
        try
        {
            using (FileCharBackend file = new(path))
            {
                file.Write("hello"u8);
            }

            Assert.Equal("hello", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void StdioBackendReadsInputOnItsThreadAndQueuesIt()
    {
        MemoryStream output = new();
        MemoryStream input = new("abc"u8.ToArray());
        StdioCharBackend stdio = new(output, input);
        using ManualResetEventSlim arrived = new();
        stdio.InputAvailable = arrived.Set;
        stdio.StartInput();
        Assert.True(arrived.Wait(TimeSpan.FromSeconds(10)));
        SpinWait.SpinUntil(() => stdio.InputEnded, TimeSpan.FromSeconds(10));
        Span<byte> buffer = stackalloc byte[8];
        Assert.Equal(3, stdio.Read(buffer));
        Assert.Equal("abc"u8.ToArray(), buffer[..3].ToArray());
        stdio.Write("out"u8);
        Assert.Equal("out"u8.ToArray(), output.ToArray());
    }
}
