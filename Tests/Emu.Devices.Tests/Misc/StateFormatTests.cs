using Emu.Core.State;

namespace Emu.Devices.Tests.Misc;

public sealed class StateFormatTests
{
    [Fact]
    public void FieldsRoundTripByNameWithOptionalSections()
    {
        MemoryStream stream = new();
        StateWriter writer = new(stream);
        writer.BeginSection("dev", 3);
        writer.Write("count", -5);
        writer.Write("flag", true);
        writer.Write("ram", new byte[] { 1, 2, 3 });
        writer.EndSection();

        StateReader reader = StateReader.Read(stream.ToArray());
        StateSection section = reader.GetSection("dev", 1, 3);
        Assert.Equal(3, section.Version);
        Assert.Equal(-5, section.GetInt64("count"));
        Assert.True(section.GetBool("flag"));
        Assert.Equal(new byte[] { 1, 2, 3 }, section.GetBytes("ram"));
        Assert.False(reader.TryGetSection("dev/optional", out _));
    }

    [Fact]
    public void OutOfRangeMissingAndNewerVersionAreRejectedWithNames()
    {
        MemoryStream stream = new();
        StateWriter writer = new(stream);
        writer.BeginSection("dev", 2);
        writer.Write("mode", 9);
        writer.EndSection();
        StateReader reader = StateReader.Read(stream.ToArray());

        StateFormatException range = Assert.Throws<StateFormatException>(() => reader.GetSection("dev", 1, 2).GetInt32("mode", 0, 5));
        Assert.Contains("mode", range.Message);
        Assert.Throws<StateFormatException>(() => reader.GetSection("dev", 1, 2).GetInt64("absent"));
        Assert.Throws<StateFormatException>(() => reader.GetSection("dev", 1, 1));
        Assert.Throws<StateFormatException>(() => reader.GetSection("other", 1, 1));
    }

    [Fact]
    public void TruncatedOrForeignDataIsRefused()
    {
        MemoryStream stream = new();
        StateWriter writer = new(stream);
        writer.BeginSection("dev", 1);
        writer.Write("ram", new byte[100]);
        writer.EndSection();
        byte[] data = stream.ToArray();

        for (int cut = 0; cut < data.Length; cut += 7)
        {
            if (cut == 10)
            {
                continue; // magic + version alone is a valid empty state
            }

            Assert.Throws<StateFormatException>(() => StateReader.Read(data.AsSpan(0, cut)));
        }

        Assert.Throws<StateFormatException>(() => StateReader.Read("NOTSTATE\x01\x00"u8));
    }
}
