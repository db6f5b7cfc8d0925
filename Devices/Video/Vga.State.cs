using Emu.Core.State;

namespace Emu.Devices.Video;

/// <summary>Saved state: every register, the DAC, the latches, the VBE registers and video memory up to its last used page.</summary>
public sealed partial class Vga
{
    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 2);
        writer.Write("crtc", _crtc);
        writer.Write("sequencer", _sequencer);
        writer.Write("sequencerVbe", _sequencerVbe);
        writer.Write("graphics", _graphics);
        writer.Write("attribute", _attribute);
        writer.Write("dac", _dac);
        writer.Write("dacLatch", _dacLatch);
        writer.Write("crtcIndex", _crtcIndex);
        writer.Write("sequencerIndex", _sequencerIndex);
        writer.Write("graphicsIndex", _graphicsIndex);
        writer.Write("attributeIndex", _attributeIndex);
        writer.Write("attributeFlipFlop", _attributeFlipFlop);
        writer.Write("misc", _miscOutput);
        writer.Write("featureControl", _featureControl);
        writer.Write("status1", _inputStatus1);
        writer.Write("dacMask", _dacMask);
        writer.Write("dacReadIndex", _dacReadIndex);
        writer.Write("dacWriteIndex", _dacWriteIndex);
        writer.Write("dacComponent", _dacComponent);
        writer.Write("dacState", _dacState);
        writer.Write("latch", _latch);
        writer.Write("vbeIndex", _vbeIndex);
        byte[] vbe = new byte[VbeRegisterCount * 2];
        for (int i = 0; i < VbeRegisterCount; i++)
        {
            vbe[2 * i] = (byte)_vbe[i];
            vbe[(2 * i) + 1] = (byte)(_vbe[i] >> 8);
        }

        writer.Write("vbe", vbe);
        int used = _vram.AsSpan().LastIndexOfAnyExcept((byte)0) + 1;
        writer.Write("vram", _vram.AsSpan(0, used));
        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 2, 2);
        section.GetBytes("crtc", _crtc);
        section.GetBytes("sequencer", _sequencer);
        section.GetBytes("sequencerVbe", _sequencerVbe);
        section.GetBytes("graphics", _graphics);
        section.GetBytes("attribute", _attribute);
        section.GetBytes("dac", _dac);
        section.GetBytes("dacLatch", _dacLatch);
        _crtcIndex = section.GetByte("crtcIndex");
        _sequencerIndex = (byte)section.GetInt32("sequencerIndex", 0, 7);
        _graphicsIndex = (byte)section.GetInt32("graphicsIndex", 0, 15);
        _attributeIndex = (byte)section.GetInt32("attributeIndex", 0, 0x3F);
        _attributeFlipFlop = section.GetBool("attributeFlipFlop");
        _miscOutput = section.GetByte("misc");
        _featureControl = (byte)section.GetInt32("featureControl", 0, 3);
        _inputStatus1 = section.GetByte("status1");
        _dacMask = section.GetByte("dacMask");
        _dacReadIndex = section.GetByte("dacReadIndex");
        _dacWriteIndex = section.GetByte("dacWriteIndex");
        _dacComponent = (byte)section.GetInt32("dacComponent", 0, 2);
        _dacState = (byte)section.GetInt32("dacState", 0, 3);
        _latch = (uint)section.GetInt64("latch", 0, uint.MaxValue);
        _vbeIndex = section.GetUInt16("vbeIndex");
        byte[] vbe = section.GetBytes("vbe", VbeRegisterCount * 2);
        if (vbe.Length != VbeRegisterCount * 2)
        {
            throw new StateFormatException("vga: the VBE registers are not 10 words");
        }

        for (int i = 0; i < VbeRegisterCount; i++)
        {
            _vbe[i] = (ushort)(vbe[2 * i] | (vbe[(2 * i) + 1] << 8));
        }

        byte[] vram = section.GetBytes("vram", VideoMemorySize);
        Array.Clear(_vram);
        vram.CopyTo(_vram, 0);

        // Derived values follow from the registers, clamped again so a crafted image cannot point the display outside memory.
        _bankOffset = (uint)(_vbe[VbeIndexBank] & ((VideoMemorySize >> 16) - 1)) << 16;
        _dac8Bit = (_vbe[VbeIndexEnable] & Vbe8BitDac) != 0;
        FixupVbe();
        _pageEpoch.AsSpan().Fill(_epoch);
        ModeChanged();
    }
}
