using System.Runtime.CompilerServices;

namespace Emu.Core.Cpu;

/// <summary>Register file access and the width types used by the generic handlers.</summary>
public sealed unsafe partial class Cpu
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref uint Reg(int index) => ref Unsafe.Add(ref Unsafe.As<RegisterFile, uint>(ref _r), index);

    private struct W8 : IWidth
    {
        public static uint Mask => 0xFF;

        public static uint Sign => 0x80;

        public static int Bytes => 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint GetReg(Cpu cpu, int index, int shift) => (cpu.Reg(index) >> shift) & 0xFF;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void SetReg(Cpu cpu, int index, int shift, uint value)
        {
            ref uint r = ref cpu.Reg(index);
            r = (r & ~(0xFFu << shift)) | ((value & 0xFF) << shift);
        }

        public static bool Read(Cpu cpu, int seg, uint offset, out uint value)
        {
            bool ok = cpu.Read8(seg, offset, out byte v);
            value = v;
            return ok;
        }

        public static bool Write(Cpu cpu, int seg, uint offset, uint value) => cpu.Write8(seg, offset, (byte)value);
    }

    private struct W16 : IWidth
    {
        public static uint Mask => 0xFFFF;

        public static uint Sign => 0x8000;

        public static int Bytes => 2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint GetReg(Cpu cpu, int index, int shift) => cpu.Reg(index) & 0xFFFF;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void SetReg(Cpu cpu, int index, int shift, uint value)
        {
            ref uint r = ref cpu.Reg(index);
            r = (r & 0xFFFF_0000) | (value & 0xFFFF);
        }

        public static bool Read(Cpu cpu, int seg, uint offset, out uint value)
        {
            bool ok = cpu.Read16(seg, offset, out ushort v);
            value = v;
            return ok;
        }

        public static bool Write(Cpu cpu, int seg, uint offset, uint value) => cpu.Write16(seg, offset, (ushort)value);
    }

    private struct W32 : IWidth
    {
        public static uint Mask => 0xFFFF_FFFF;

        public static uint Sign => 0x8000_0000;

        public static int Bytes => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint GetReg(Cpu cpu, int index, int shift) => cpu.Reg(index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void SetReg(Cpu cpu, int index, int shift, uint value) => cpu.Reg(index) = value;

        public static bool Read(Cpu cpu, int seg, uint offset, out uint value) => cpu.Read32(seg, offset, out value);

        public static bool Write(Cpu cpu, int seg, uint offset, uint value) => cpu.Write32(seg, offset, value);
    }
}
