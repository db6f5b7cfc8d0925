using System.Buffers.Binary;
using System.Text;
using Emu.Core.Memory;
using Emu.Devices.Firmware;
using Emu.Devices.Tests.Misc;

namespace Emu.Devices.Tests.Firmware;

/// <summary>fw_cfg as SeaBIOS drives it (QEMU docs/specs/fw_cfg.rst): selector, data port, file directory, DMA.</summary>
public sealed class FwCfgTests
{
    private const int Ram = 1 << 20;
    private readonly DeviceRig _rig = new();
    private readonly PhysicalMemory _memory = new(Ram);
    private readonly FwCfg _fwCfg;

    public FwCfgTests()
    {
        _fwCfg = new FwCfg(_memory);
        _fwCfg.AddFile("etc/e820", [1, 2, 3, 4]);
        _fwCfg.AddFile("bootorder", []);
        _fwCfg.Attach(_rig.Bus);
    }

    [Fact]
    public void SignatureAndIdThroughTheDataPort()
    {
        _rig.Bus.WriteWord(FwCfg.SelectorPort, FwCfg.Signature);
        Assert.Equal("QEMU", Encoding.ASCII.GetString([.. Enumerable.Range(0, 4).Select(_ => _rig.In(FwCfg.DataPort))]));
        Assert.Equal(0, _rig.In(FwCfg.DataPort)); // past the end
        _rig.Bus.WriteWord(FwCfg.SelectorPort, FwCfg.Id);
        Assert.Equal(0x03, _rig.In(FwCfg.DataPort)); // traditional + DMA
        Assert.Equal(FwCfg.DmaSignature, ((ulong)_rig.Bus.ReadDword(FwCfg.DmaPort) << 32) | _rig.Bus.ReadDword(FwCfg.DmaPort + 4));
    }

    [Fact]
    public void FileDirectoryIsBigEndianAndSortedByName()
    {
        _rig.Bus.WriteWord(FwCfg.SelectorPort, FwCfg.FileDir);
        byte[] dir = [.. Enumerable.Range(0, 4 + 128).Select(_ => _rig.In(FwCfg.DataPort))];
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(dir));
        Assert.Equal("bootorder", Encoding.ASCII.GetString(dir, 12, 56).TrimEnd('\0'));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(dir.AsSpan(4)));
        Assert.Equal("etc/e820", Encoding.ASCII.GetString(dir, 76, 56).TrimEnd('\0'));
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32BigEndian(dir.AsSpan(68)));
        ushort key = BinaryPrimitives.ReadUInt16BigEndian(dir.AsSpan(72));
        _rig.Bus.WriteWord(FwCfg.SelectorPort, key);
        Assert.Equal(1, _rig.In(FwCfg.DataPort));
    }

    [Fact]
    public void DmaSelectsSkipsAndReadsWithZerosPastTheEnd()
    {
        _memory.Ram.Slice(0x2000, 8).Fill(0xEE);
        Dma(0x1000, ((uint)FwCfg.Signature << 16) | 0x08 | 0x04, 1, 0);   // select + skip 1
        Assert.Equal(0u, Control(0x1000));
        Dma(0x1000, 0x02, 6, 0x2000);                                      // read 6: "EMU" then zeros
        Assert.Equal(0u, Control(0x1000));
        Assert.Equal("EMU\0\0\0"u8.ToArray(), _memory.Ram.Slice(0x2000, 6).ToArray());
        Assert.Equal(0xEE, _memory.Ram[0x2006]);
    }

    [Fact]
    public void DmaOutsideRamOrWritingIsAnErrorAndTouchesNothing()
    {
        Dma(0x1000, ((uint)FwCfg.Signature << 16) | 0x08 | 0x02, 16, Ram - 8);
        Assert.Equal(1u, Control(0x1000));
        Assert.All(_memory.Ram[(Ram - 8)..].ToArray(), b => Assert.Equal(0, b));
        Dma(0x1000, 0x10, 4, 0x2000);
        Assert.Equal(1u, Control(0x1000));
        Dma(Ram - 8, 0x02, 4, 0x2000); // the control structure itself beyond RAM: ignored
        Dma(0xFFFF_FFF8, 0x02, 4, 0x2000);
    }

    [Fact]
    public void RandomPortAndDmaTrafficNeverThrows()
    {
        Random random = new(11);
        for (int i = 0; i < 200_000; i++)
        {
            ushort port = (ushort)(FwCfg.SelectorPort + random.Next(12));
            switch (random.Next(4))
            {
                case 0:
                    _rig.Bus.WriteWord(port, (ushort)random.Next());
                    break;
                case 1:
                    _rig.Bus.WriteDword(port, (uint)random.Next() << random.Next(2));
                    break;
                case 2:
                    _rig.Bus.ReadDword(port);
                    break;
                default:
                    random.NextBytes(_memory.Ram.Slice(0x1000, 16));
                    Dma(0x1000, BinaryPrimitives.ReadUInt32BigEndian(_memory.Ram[0x1000..]), (uint)random.Next(), (ulong)random.NextInt64());
                    break;
            }
        }
    }

    private void Dma(ulong structure, uint control, uint length, ulong address)
    {
        if (structure + 16 <= Ram)
        {
            Span<byte> header = _memory.Ram.Slice((int)structure, 16);
            BinaryPrimitives.WriteUInt32BigEndian(header, control);
            BinaryPrimitives.WriteUInt32BigEndian(header[4..], length);
            BinaryPrimitives.WriteUInt64BigEndian(header[8..], address);
        }

        _rig.Bus.WriteDword(FwCfg.DmaPort, BinaryPrimitives.ReverseEndianness((uint)(structure >> 32)));
        _rig.Bus.WriteDword(FwCfg.DmaPort + 4, BinaryPrimitives.ReverseEndianness((uint)structure));
    }

    private uint Control(int structure) => BinaryPrimitives.ReadUInt32BigEndian(_memory.Ram[structure..]);
}
