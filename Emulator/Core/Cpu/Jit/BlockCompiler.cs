using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Iced.Intel;
using FlowControl = Iced.Intel.FlowControl;
using Label = System.Reflection.Emit.Label;

namespace Emu.Core.Cpu.Jit;

/// <summary>
/// Compiles a decoded block into one <see cref="DynamicMethod"/> that runs its instructions in order, each
/// a direct call with nothing dispatched or decoded at run time:
/// <list type="bullet">
/// <item>a handler with a form (<see cref="HandlerMethods.FormOf"/>) is called as its form with the
/// instruction's operands as constants, so the .NET JIT inlines it and folds them (registers, immediates,
/// branch targets; a form's <c>ea</c> operand is the memory offset, computed by an inlined
/// <see cref="Cpu.EaForm"/> from the constant base, index, scale and displacement);</item>
/// <item>any other handler is called by name with the instruction's <see cref="Instruction"/> and
/// <see cref="Ops"/> (through its pointer when it has no name).</item>
/// </list>
/// After each instruction the method returns as soon as the interpreter's loop would end the block: a
/// result other than <see cref="Flow.Next"/>, the CPU's stop request (a store into the running code,
/// a redirect, an exit), or the count it was given (the budget's end, a single step under TF). A form with no <c>seg</c> operand touches neither memory nor ports, so nothing
/// can request a stop while it runs and the check is left out. A block whose last instruction is a near
/// branch to its own start loops inside the method while <see cref="Cpu.JitContinue"/> allows it.
/// </summary>
internal static class BlockCompiler
{
    /// <summary>Result code: the instructions asked for ran and the last went on (<see cref="Flow.Next"/>).</summary>
    public const int RanThrough = 0;

    /// <summary>Result code: the last instruction went on but the CPU asked the block to stop.</summary>
    public const int Stopped = 4;

    private static readonly Type[] Parameters = [typeof(Cpu), typeof(Instruction).MakeByRefType(), typeof(Ops).MakeByRefType(), typeof(int)];

    private static readonly Type[] HandlerParameters = [typeof(Cpu), typeof(Instruction).MakeByRefType(), typeof(Ops).MakeByRefType()];

    private static readonly FieldInfo StopField = typeof(Cpu).GetField("_stop", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingFieldException(nameof(Cpu), "_stop");

    private static readonly MethodInfo Continue = typeof(Cpu).GetMethod(nameof(Cpu.JitContinue), BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingMethodException(nameof(Cpu), nameof(Cpu.JitContinue));

    private static readonly MethodInfo EaForm = typeof(Cpu).GetMethod(nameof(Cpu.EaForm), BindingFlags.Static | BindingFlags.NonPublic)
        ?? throw new MissingMethodException(nameof(Cpu), nameof(Cpu.EaForm));

    /// <summary>How many instructions ran (the last time round a looping block).</summary>
    public static int CountOf(int result) => result >> 3;

    /// <summary><see cref="RanThrough"/>, <see cref="Stopped"/>, or the last instruction's <see cref="Flow"/>.</summary>
    public static int CodeOf(int result) => result & 7;

    /// <summary>Compiles <paramref name="block"/>; <paramref name="ilBytes"/> is the IL emitted, <paramref name="indirect"/> the calls left through a pointer.</summary>
    public static unsafe CompiledBlock Compile(DecodedBlock block, out int ilBytes, out int indirect)
    {
        DynamicMethod method = new($"block_{block.Phys:X8}_{block.Eip:X}", typeof(int), Parameters, typeof(Cpu), skipVisibility: true);
        ILGenerator il = method.GetILGenerator();
        LocalBuilder flow = il.DeclareLocal(typeof(int));
        List<(Label Label, int Count, int Code)> exits = [];
        Label top = il.DefineLabel();
        il.MarkLabel(top);
        indirect = 0;
        int n = block.Count;
        for (int k = 0; k < n; k++)
        {
            ref Instruction ins = ref block.Instructions[k];
            ref Ops o = ref block.Ops[k];
            bool pure = EmitInstruction(il, k, ref o, ref indirect);
            il.Emit(OpCodes.Stloc, flow);
            Label exit = il.DefineLabel();
            exits.Add((exit, k + 1, -1));
            if (k == n - 1 && BranchesToStart(block, ref ins, ref o))
            {
                Label noLoop = il.DefineLabel();
                il.Emit(OpCodes.Ldloc, flow);
                il.Emit(OpCodes.Ldc_I4, (int)Flow.Branch);
                il.Emit(OpCodes.Bne_Un, noLoop);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Call, Continue);
                il.Emit(OpCodes.Brtrue, top);
                il.MarkLabel(noLoop);
            }

            il.Emit(OpCodes.Ldloc, flow);
            il.Emit(OpCodes.Brtrue, exit);
            if (!pure)
            {
                Label stopped = il.DefineLabel();
                exits.Add((stopped, k + 1, Stopped));
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldfld, StopField);
                il.Emit(OpCodes.Brtrue, stopped);
            }

            if (k < n - 1)
            {
                // The budget or a trap may allow fewer instructions than the block holds.
                Label limit = il.DefineLabel();
                exits.Add((limit, k + 1, RanThrough));
                il.Emit(OpCodes.Ldarg_3);
                il.Emit(OpCodes.Ldc_I4, k + 1);
                il.Emit(OpCodes.Beq, limit);
            }
        }

        il.Emit(OpCodes.Ldc_I4, (n << 3) | RanThrough);
        il.Emit(OpCodes.Ret);
        foreach ((Label label, int count, int code) in exits)
        {
            il.MarkLabel(label);
            if (code >= 0)
            {
                il.Emit(OpCodes.Ldc_I4, (count << 3) | code);
            }
            else
            {
                il.Emit(OpCodes.Ldc_I4, count << 3);
                il.Emit(OpCodes.Ldloc, flow);
                il.Emit(OpCodes.Or);
            }

            il.Emit(OpCodes.Ret);
        }

        ilBytes = il.ILOffset;
        return method.CreateDelegate<CompiledBlock>();
    }

    /// <summary>A near JMP/Jcc/LOOP whose target is the block's first instruction.</summary>
    private static bool BranchesToStart(DecodedBlock block, ref Instruction ins, ref Ops o) =>
        ins.FlowControl is FlowControl.UnconditionalBranch or FlowControl.ConditionalBranch
        && ins.Op0Kind is OpKind.NearBranch16 or OpKind.NearBranch32
        && o.Imm == block.Eip;

    /// <summary>Emits instruction <paramref name="k"/>, leaving its <see cref="Flow"/> on the stack; true when it cannot request a stop.</summary>
    private static unsafe bool EmitInstruction(ILGenerator il, int k, ref Ops o, ref int indirect)
    {
        nint pointer = (nint)o.Handler;
        MethodInfo? handler = HandlerMethods.Find(pointer);
        MethodInfo? form = handler is null ? null : HandlerMethods.FormOf(handler);
        if (form is not null && TryEmitForm(il, form, ref o, out bool pure))
        {
            return pure;
        }

        il.Emit(OpCodes.Ldarg_0);
        EmitElement(il, OpCodes.Ldarg_1, k, Unsafe.SizeOf<Instruction>());
        EmitElement(il, OpCodes.Ldarg_2, k, Unsafe.SizeOf<Ops>());
        if (handler is not null)
        {
            il.Emit(OpCodes.Call, handler);
        }
        else
        {
            indirect++;
            il.Emit(OpCodes.Ldc_I8, (long)pointer);
            il.Emit(OpCodes.Conv_I);
            il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, typeof(Flow), HandlerParameters, null);
        }

        return false;
    }

    /// <summary>Element <paramref name="k"/> of the array whose first element's reference is <paramref name="arg"/>.</summary>
    private static void EmitElement(ILGenerator il, OpCode arg, int k, int size)
    {
        il.Emit(arg);
        if (k != 0)
        {
            il.Emit(OpCodes.Ldc_I4, k * size);
            il.Emit(OpCodes.Add);
        }
    }

    /// <summary>Calls a form with the CPU and each operand it names as a constant; false (nothing emitted) when it names one <see cref="Ops"/> lacks.</summary>
    private static bool TryEmitForm(ILGenerator il, MethodInfo form, ref Ops o, out bool pure)
    {
        ParameterInfo[] parameters = form.GetParameters();
        Span<uint> values = stackalloc uint[parameters.Length];
        pure = true;
        for (int p = 1; p < parameters.Length; p++)
        {
            if (parameters[p].Name != "ea" && !OperandValue(parameters[p].Name, ref o, out values[p]))
            {
                return false;
            }

            pure &= parameters[p].Name != "seg";
        }

        il.Emit(OpCodes.Ldarg_0);
        for (int p = 1; p < parameters.Length; p++)
        {
            if (parameters[p].Name == "ea")
            {
                // The memory operand's offset, computed from constants by an inlined EaForm.
                il.Emit(OpCodes.Ldarg_0);
                foreach (uint part in (ReadOnlySpan<uint>)[o.Base, o.Index, o.Shift, o.Disp, o.AddrMask])
                {
                    il.Emit(OpCodes.Ldc_I4, unchecked((int)part));
                }

                il.Emit(OpCodes.Call, EaForm);
                continue;
            }

            il.Emit(OpCodes.Ldc_I4, unchecked((int)values[p]));
        }

        il.Emit(OpCodes.Call, form);
        return true;
    }

    private static bool OperandValue(string? name, ref Ops o, out uint value)
    {
        value = name switch
        {
            "r0" => o.R0,
            "r0Sh" => o.R0Sh,
            "r1" => o.R1,
            "r1Sh" => o.R1Sh,
            "imm" => o.Imm,
            "disp" => o.Disp,
            "addrMask" => o.AddrMask,
            "base" => o.Base,
            "index" => o.Index,
            "shift" => o.Shift,
            "seg" => o.Seg,
            "width" => o.Width,
            "aux" => o.Aux,
            _ => uint.MaxValue,
        };
        return name is "r0" or "r0Sh" or "r1" or "r1Sh" or "imm" or "disp" or "addrMask" or "base" or "index" or "shift" or "seg" or "width" or "aux";
    }
}
