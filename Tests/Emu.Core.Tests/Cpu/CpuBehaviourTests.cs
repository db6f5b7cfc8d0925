using Emu.Core.Cpu;
using Emu.Core.Interrupts;
using Emu.Core.Io;

namespace Emu.Core.Tests.Cpu;

public sealed class CpuBehaviourTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StoreIntoTheRunningBlock_NextInstructionSeesTheNewBytes(bool cache)
    {
        TestMachine m = new(
            """
                mov byte [patch+1], 0x42   ; rewrites the immediate of the next instruction
            patch:
                mov al, 0x11
                hlt
            """,
            cache);
        m.RunToHalt();
        Assert.Equal(0x42u, m.Cpu.EAX & 0xFF);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CodeRewrittenBetweenRuns_IsDecodedAgain(bool cache)
    {
        TestMachine m = new(
            """
                mov cx, 3
                xor bl, bl
            again:
                call f
                add bl, al
                inc byte [f+1]      ; f returns 1, then 2, then 3
                loop again
                hlt
            f:  mov al, 1
                ret
            """,
            cache);
        m.RunToHalt();
        Assert.Equal(6u, m.Cpu.EBX & 0xFF);
    }

    [Fact]
    public void HostWriteOverExecutedCode_DropsTheDecodedBlock()
    {
        TestMachine m = new("mov ax, 1\nhlt\n");
        m.RunToHalt();
        Assert.Equal(1u, m.Cpu.EAX & 0xFFFF);
        m.Memory.WriteBlock(TestMachine.Origin, [0xB8, 0x34, 0x12, 0xF4]); // mov ax, 0x1234; hlt
        m.Cpu.Halted = false;
        m.Cpu.EIP = TestMachine.Origin;
        m.RunToHalt();
        Assert.Equal(0x1234u, m.Cpu.EAX & 0xFFFF);
    }

    private const string MixedProgram =
        """
            mov ax, 0x2000
            mov es, ax
            xor di, di
            mov ecx, 5000
            xor esi, esi
        top:
            mov eax, ecx
            imul eax, eax, 7
            shr eax, 3
            xor edx, edx
            mov ebx, 13
            div ebx
            add esi, edx
            rol esi, 5
            cmp edx, 6
            jb skip
            stosw
        skip:
            bt esi, 3
            adc esi, 0
            loop top
            mov cx, 100
            xor di, di
            mov al, 0x5A
            rep stosb
            push es
            pop ds
            xor si, si
            mov di, 0x400
            mov cx, 64
            rep movsd
            hlt
        """;

    [Fact]
    public void BlockCacheOnAndOff_GiveTheSameStateAndInstructionCount()
    {
        TestMachine on = new(MixedProgram, blockCache: true);
        TestMachine off = new(MixedProgram, blockCache: false);
        on.RunToHalt();
        off.RunToHalt();
        Assert.Equal(on.Cpu.InstructionCount, off.Cpu.InstructionCount);
        Assert.Equal(
            new[] { on.Cpu.EAX, on.Cpu.EBX, on.Cpu.ECX, on.Cpu.EDX, on.Cpu.ESI, on.Cpu.EDI, on.Cpu.ESP, on.Cpu.EBP, on.Cpu.EIP, on.Cpu.EFLAGS },
            new[] { off.Cpu.EAX, off.Cpu.EBX, off.Cpu.ECX, off.Cpu.EDX, off.Cpu.ESI, off.Cpu.EDI, off.Cpu.ESP, off.Cpu.EBP, off.Cpu.EIP, off.Cpu.EFLAGS });
        Assert.True(on.Memory.Ram[..0x40000].SequenceEqual(off.Memory.Ram[..0x40000]), "RAM differs");
        Assert.NotEqual(0u, on.Cpu.ESI);
    }

    [Fact]
    public void DivideError_PushesTheAddressOfTheFaultingInstructionIncludingPrefixes()
    {
        TestMachine m = new(
            """
                mov ax, 100
                mov bl, 0
            fault:
                es div bl          ; a prefix: the pushed IP is the prefix byte
                hlt
                times 0x100 db 0
            handler:
                hlt
            """);
        ushort handler = (ushort)(TestMachine.Origin + 3 + 2 + 3 + 1 + 0x100);
        m.SetVector(0, handler);
        m.RunToHalt();
        Assert.Equal((uint)handler + 1, m.Cpu.EIP);
        Assert.Equal(TestMachine.Origin + 5, m.StackWord(0)); // IP of "es div bl"
        Assert.Equal(0, m.StackWord(1));                      // CS
        Assert.False(m.Cpu.InterruptsEnabled);
    }

    [Fact]
    public void SoftwareInterrupt_PushesTheNextInstructionAndIretReturnsThere()
    {
        TestMachine m = new(
            """
                sti
                int 0x40
            after:
                mov bx, 0x7777
                hlt
            handler:
                mov ax, [esp]      ; the pushed IP
                iret
            """);
        m.SetVector(0x40, (ushort)(TestMachine.Origin + 1 + 2 + 3 + 1));
        m.RunToHalt();
        Assert.Equal(TestMachine.Origin + 3, m.Cpu.EAX & 0xFFFF);
        Assert.Equal(0x7777u, m.Cpu.EBX & 0xFFFF);
        Assert.True(m.Cpu.InterruptsEnabled);
        Assert.Equal(0x0F00u, m.Cpu.ESP);
    }

    [Fact]
    public void WordAccessAtOffsetFFFF_RaisesGeneralProtectionAtTheInstruction()
    {
        TestMachine m = new(
            """
                mov word [0xffff], ax
                hlt
            handler:
                hlt
            """);
        m.SetVector(13, (ushort)(TestMachine.Origin + 4));
        m.RunToHalt();
        Assert.Equal(TestMachine.Origin + 5, m.Cpu.EIP);
        Assert.Equal(TestMachine.Origin, m.StackWord(0));
    }

    [Fact]
    public void LockWithARegisterDestination_RaisesInvalidOpcode()
    {
        TestMachine m = new(
            """
                lock add ax, bx
                hlt
            handler:
                hlt
            """);
        m.SetVector(6, (ushort)(TestMachine.Origin + 4));
        m.RunToHalt();
        Assert.Equal(TestMachine.Origin + 5, m.Cpu.EIP);
        Assert.Equal(TestMachine.Origin, m.StackWord(0));
    }

    [Fact]
    public void RepStos_CountsOneInstructionPerIteration()
    {
        TestMachine m = new(
            """
                mov cx, 5
                rep stosb
                hlt
            """);
        m.RunToHalt();
        Assert.Equal(1 + 5 + 1, m.Cpu.InstructionCount);
    }

    [Fact]
    public void Run_StopsExactlyAtTheBudget()
    {
        TestMachine m = new(
            """
            l:  inc ax
                inc bx
                jmp l
            """);
        Assert.Equal(1000, m.Cpu.Run(1000));
        Assert.Equal(1000, m.Cpu.InstructionCount);
        Assert.Equal(334u, m.Cpu.EAX & 0xFFFF);
        Assert.Equal(333u, m.Cpu.EBX & 0xFFFF);
    }

    [Fact]
    public void HaltedCpu_IsWokenByAnInterruptAndReturnsAfterTheHlt()
    {
        TestMachine m = new(
            """
                sti
                hlt
                mov bx, 1
                hlt
            handler:
                mov cx, 0x55
                iret
            """);
        m.SetVector(0x08, (ushort)(TestMachine.Origin + 1 + 1 + 3 + 1));
        FakePic pic = new();
        m.Cpu.InterruptSource = pic;
        m.RunToHalt();
        Assert.Equal(0u, m.Cpu.ECX & 0xFFFF);
        pic.Pending = true;
        Assert.Equal(0, m.Cpu.Run(0));
        m.Cpu.Run(100);
        Assert.Equal(0x55u, m.Cpu.ECX & 0xFFFF);
        Assert.Equal(1u, m.Cpu.EBX & 0xFFFF);
        Assert.True(m.Cpu.Halted);
    }

    [Fact]
    public void RequestExitFromAPortWrite_ReturnsAfterThatInstruction()
    {
        TestMachine m = new(
            """
                mov al, 1
                out 0x80, al
                inc ax
                inc ax
                hlt
            """);
        ExitOnWrite dev = new(m.Cpu);
        m.Io.Claim(0x80, 1, dev, "test");
        long ran = m.Cpu.Run(100);
        Assert.Equal(2, ran);
        Assert.Equal(1u, m.Cpu.EAX & 0xFF);
        m.RunToHalt();
        Assert.Equal(3u, m.Cpu.EAX & 0xFF);
    }

    [Fact]
    public void Cpuid_ReportsAGenuineIntelFamily6Part()
    {
        TestMachine m = new(
            """
                xor eax, eax
                cpuid
                mov [0x500], ebx
                mov [0x504], edx
                mov [0x508], ecx
                mov eax, 1
                cpuid
                hlt
            """);
        m.RunToHalt();
        byte[] vendor = new byte[12];
        m.Memory.ReadBlock(0x500, vendor);
        Assert.Equal("GenuineIntel", System.Text.Encoding.ASCII.GetString(vendor));
        Assert.Equal(6u, (m.Cpu.EAX >> 8) & 0xF);
        Assert.NotEqual(0u, m.Cpu.EDX & 1);           // FPU
        Assert.NotEqual(0u, m.Cpu.EDX & (1u << 15)); // CMOV
    }

    [Fact]
    public void Reset_GivesTheArchitecturalResetState()
    {
        TestMachine m = new("hlt\n");
        m.Cpu.Reset();
        Assert.Equal(0xF000, m.Cpu.GetSegment(SegmentRegister.CS));
        Assert.Equal(0xFFFF_0000u, m.Cpu.GetSegmentBase(SegmentRegister.CS));
        Assert.Equal(0xFFF0u, m.Cpu.EIP);
        Assert.Equal(2u, m.Cpu.EFLAGS);
        Assert.Equal(Emu.Core.Cpu.Cpu.CpuidSignature, m.Cpu.EDX);
        Assert.Equal(0x6000_0010u, m.Cpu.CR0);
    }

    [Fact]
    public void X87_AddsComparesConvertsAndKeepsTheStackBalanced()
    {
        TestMachine m = new(
            """
                fninit
                fld dword [a]      ; 2.5
                fadd dword [b]     ; 3.75
                fst dword [0x600]
                fcomp dword [b]    ; 3.75 > 1.25: C3 = C2 = C0 = 0
                fnstsw ax
                mov bx, ax
                fld dword [a]
                fcomp dword [big]  ; 2.5 < 100: C0 = 1
                fnstsw ax
                mov dx, ax
                fild word [n]      ; 7
                fmul dword [a]     ; 17.5
                fistp word [0x604] ; round to nearest even: 18
                fnstsw ax
                hlt
            a:  dd 2.5
            b:  dd 1.25
            big: dd 100.0
            n:  dw 7
            """);
        m.RunToHalt();
        Assert.Equal(3.75f, BitConverter.UInt32BitsToSingle(m.Memory.Read32(0x600)));
        Assert.Equal(0u, m.Cpu.EBX & 0x4500);
        Assert.Equal(0x0100u, m.Cpu.EDX & 0x4500);
        Assert.Equal(18, m.Memory.Read16(0x604));
        Assert.Equal(0u, (m.Cpu.EAX >> 11) & 7);
    }

    [Fact]
    public void EipSetByAPortHandlerDuringRun_TakesEffectAfterThatInstruction()
    {
        TestMachine m = new(
            """
                out 0xe0, al       ; the "service" redirects to target
                mov bx, 1          ; skipped
                hlt
            target:
                mov bx, 2
                hlt
            """);
        m.Io.Claim(0xE0, 1, new Redirector(m.Cpu, (ushort)(TestMachine.Origin + 2 + 3 + 1)), "test");
        m.RunToHalt();
        Assert.Equal(2u, m.Cpu.EBX & 0xFFFF);
    }

    [Fact]
    public void RamForWrite_DropsDecodedCodeInThoseBytes()
    {
        TestMachine m = new("mov ax, 1\nhlt\n");
        m.RunToHalt();
        byte[] replacement = [0xB8, 0x78, 0x56, 0xF4]; // mov ax, 0x5678; hlt
        replacement.CopyTo(m.Memory.RamForWrite(TestMachine.Origin, replacement.Length));
        m.Cpu.Halted = false;
        m.Cpu.EIP = TestMachine.Origin;
        m.RunToHalt();
        Assert.Equal(0x5678u, m.Cpu.EAX & 0xFFFF);
    }

    private sealed class Redirector(Emu.Core.Cpu.Cpu cpu, ushort target) : IPortDevice
    {
        public byte ReadByte(ushort port) => 0xFF;

        public void WriteByte(ushort port, byte value) => cpu.EIP = target;
    }

    private sealed class FakePic : IInterruptSource
    {
        public bool Pending { get; set; }

        public bool IntrAsserted => Pending;

        public byte Acknowledge()
        {
            Pending = false;
            return 0x08;
        }
    }

    private sealed class ExitOnWrite(Emu.Core.Cpu.Cpu cpu) : IPortDevice
    {
        public byte ReadByte(ushort port) => 0xFF;

        public void WriteByte(ushort port, byte value) => cpu.RequestExit();
    }
}
