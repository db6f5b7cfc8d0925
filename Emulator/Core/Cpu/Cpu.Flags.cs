using System.Numerics;
using System.Runtime.CompilerServices;

namespace Emu.Core.Cpu;

/// <summary>
/// Lazy arithmetic flags (v86 <c>arith.rs</c>): an operation records its kind, operands, masked
/// result and width; a flag is computed only when read. <see cref="_flags"/> holds every other
/// EFLAGS bit, and the arithmetic bits too while the kind is <see cref="LfNone"/>.
/// </summary>
public sealed unsafe partial class Cpu
{
    private const int LfNone = 0;
    private const int LfAdd = 1;
    private const int LfAdc = 2; // ADD with carry-in 1
    private const int LfSub = 3;
    private const int LfSbb = 4; // SUB with borrow-in 1
    private const int LfLogic = 5;
    private const int LfInc = 6; // CF kept in _flags
    private const int LfDec = 7; // CF kept in _flags
    private const int LfZsp = 8; // only ZF/SF/PF lazy; CF/OF/AF in _flags

    private const uint FCf = 1;
    private const uint FPf = 1 << 2;
    private const uint FAf = 1 << 4;
    private const uint FZf = 1 << 6;
    private const uint FSf = 1 << 7;
    private const uint FTf = 1 << 8;
    private const uint FIf = 1 << 9;
    private const uint FDf = 1 << 10;
    private const uint FOf = 1 << 11;
    private const uint ArithMask = FCf | FPf | FAf | FZf | FSf | FOf;

    private uint _flags = 2;
    private int _lfKind;
    private uint _lfA;
    private uint _lfB;
    private uint _lfRes;
    private uint _lfSign;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetLazy(int kind, uint a, uint b, uint res, uint sign)
    {
        uint mask = (sign << 1) - 1;
        _lfKind = kind;
        _lfA = a & mask;
        _lfB = b & mask;
        _lfRes = res & mask;
        _lfSign = sign;
    }

    /// <summary>Before an operation that keeps CF (INC, DEC): fold the current CF into <see cref="_flags"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SaveCf()
    {
        if (_lfKind != LfNone && _lfKind < LfInc)
        {
            _flags = (_flags & ~FCf) | Cf();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal uint Cf()
    {
        switch (_lfKind)
        {
            case LfAdd:
                return _lfRes < _lfA ? 1u : 0u;
            case LfAdc:
                return _lfRes <= _lfA ? 1u : 0u;
            case LfSub:
                return _lfA < _lfB ? 1u : 0u;
            case LfSbb:
                return _lfA <= _lfB ? 1u : 0u;
            case LfLogic:
                return 0;
            default:
                return _flags & FCf;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Zf() => _lfKind != LfNone ? _lfRes == 0 : (_flags & FZf) != 0;

    internal bool Sf() => _lfKind != LfNone ? (_lfRes & _lfSign) != 0 : (_flags & FSf) != 0;

    internal bool Pf() => _lfKind != LfNone ? (BitOperations.PopCount(_lfRes & 0xFF) & 1) == 0 : (_flags & FPf) != 0;

    internal bool Of()
    {
        switch (_lfKind)
        {
            case LfAdd:
            case LfAdc:
            case LfInc:
                return ((_lfA ^ _lfRes) & (_lfB ^ _lfRes) & _lfSign) != 0;
            case LfSub:
            case LfSbb:
            case LfDec:
                return ((_lfA ^ _lfB) & (_lfA ^ _lfRes) & _lfSign) != 0;
            case LfLogic:
                return false;
            default:
                return (_flags & FOf) != 0;
        }
    }

    internal bool Af()
    {
        switch (_lfKind)
        {
            case LfNone:
            case LfZsp:
                return (_flags & FAf) != 0;
            case LfLogic:
                return false;
            default:
                return ((_lfA ^ _lfB ^ _lfRes) & 0x10) != 0;
        }
    }

    /// <summary>Computes the lazy flags into <see cref="_flags"/>.</summary>
    internal void Materialize()
    {
        if (_lfKind == LfNone)
        {
            return;
        }

        uint f = _flags & ~ArithMask;
        f |= Cf();
        f |= Pf() ? FPf : 0;
        f |= Af() ? FAf : 0;
        f |= Zf() ? FZf : 0;
        f |= Sf() ? FSf : 0;
        f |= Of() ? FOf : 0;
        _flags = f;
        _lfKind = LfNone;
    }

    private uint GetFlagsValue()
    {
        Materialize();
        return _flags | 2;
    }

    private void SetFlagsValue(uint value)
    {
        _flags = (value & 0x003F_7FD5) | 2;
        _lfKind = LfNone;
    }

    /// <summary>Sets or clears arithmetic flags after materialising the rest.</summary>
    internal void SetArith(uint mask, uint bits)
    {
        Materialize();
        _flags = (_flags & ~mask) | (bits & mask);
    }

    internal bool Condition(int cc) => cc switch
    {
        0 => Of(),
        1 => !Of(),
        2 => Cf() != 0,
        3 => Cf() == 0,
        4 => Zf(),
        5 => !Zf(),
        6 => Cf() != 0 || Zf(),
        7 => Cf() == 0 && !Zf(),
        8 => Sf(),
        9 => !Sf(),
        10 => Pf(),
        11 => !Pf(),
        12 => Sf() != Of(),
        13 => Sf() == Of(),
        14 => Zf() || Sf() != Of(),
        _ => !Zf() && Sf() == Of(),
    };
}
