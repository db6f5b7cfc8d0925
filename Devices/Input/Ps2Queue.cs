using Emu.Core.State;

namespace Emu.Devices.Input;

/// <summary>A fixed ring of bytes a PS/2 device has ready for the controller; full means new bytes are dropped.</summary>
internal sealed class Ps2Queue
{
    private readonly byte[] _data;
    private int _head;

    public Ps2Queue(int capacity)
    {
        _data = new byte[capacity];
    }

    public int Count { get; private set; }

    public int Capacity => _data.Length;

    public bool TryEnqueue(byte value)
    {
        if (Count == _data.Length)
        {
            return false;
        }

        _data[(_head + Count) % _data.Length] = value;
        Count++;
        return true;
    }

    public byte Dequeue()
    {
        byte value = _data[_head];
        _head = (_head + 1) % _data.Length;
        Count--;
        return value;
    }

    public void Clear()
    {
        _head = 0;
        Count = 0;
    }

    public void Save(StateWriter writer, string field)
    {
        byte[] bytes = new byte[Count];
        for (int i = 0; i < Count; i++)
        {
            bytes[i] = _data[(_head + i) % _data.Length];
        }

        writer.Write(field, bytes);
    }

    public void Load(StateSection section, string field)
    {
        byte[] bytes = section.GetBytes(field, _data.Length);
        Clear();
        foreach (byte b in bytes)
        {
            TryEnqueue(b);
        }
    }
}
