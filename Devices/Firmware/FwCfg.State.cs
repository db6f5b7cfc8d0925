using Emu.Core.State;

namespace Emu.Devices.Firmware;

/// <summary>
/// Saved state (QEMU <c>vmstate_fw_cfg</c>: cur_entry, cur_offset, and the DMA address's high half):
/// the item's contents are rebuilt from the selector, and the offset may not pass their end.
/// </summary>
public sealed partial class FwCfg : IStatefulDevice
{
    public string StateName => "fw_cfg";

    public void Save(StateWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginSection(StateName, 1);
        writer.Write("selector", Selector);
        writer.Write("offset", _offset);
        writer.Write("dma-high", _dmaHigh);
        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateSection section = reader.GetSection(StateName, 1, 1);
        ushort selector = section.GetUInt16("selector");
        uint dmaHigh = (uint)section.GetInt64("dma-high", 0, uint.MaxValue);
        byte[] item = Item(selector);
        int offset = section.GetInt32("offset", 0, item.Length);
        Selector = selector;
        _current = item;
        _offset = offset;
        _dmaHigh = dmaHigh;
    }
}
