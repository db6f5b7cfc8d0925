using System.Reflection;
using Iced.Intel;

namespace Emu.Core.Cpu.Jit;

/// <summary>
/// Names the method behind a handler pointer of the instruction table, so that compiled code calls it
/// directly (the JIT may inline it) instead of through the pointer, and finds its form: the method named
/// after the handler plus <c>Form</c>, with the same type arguments, whose parameters are the
/// handler's operands as values (<c>AluRR</c> → <c>AluRRForm</c>). Built once, on the first compile.
/// </summary>
internal static class HandlerMethods
{
    private const BindingFlags Statics = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private static readonly Lazy<Dictionary<nint, MethodInfo>> ByPointer = new(Build);

    private static readonly Dictionary<MethodInfo, MethodInfo?> Forms = [];

    /// <summary>The handler method at <paramref name="pointer"/>, or null when it is not one of the CPU's handlers.</summary>
    public static MethodInfo? Find(nint pointer) => ByPointer.Value.GetValueOrDefault(pointer);

    /// <summary>The form of <paramref name="handler"/>, or null when it has none.</summary>
    public static MethodInfo? FormOf(MethodInfo handler)
    {
        lock (Forms)
        {
            if (!Forms.TryGetValue(handler, out MethodInfo? form))
            {
                form = LookUpForm(handler);
                Forms[handler] = form;
            }

            return form;
        }
    }

    private static MethodInfo? LookUpForm(MethodInfo handler)
    {
        int arity = handler.IsGenericMethod ? handler.GetGenericArguments().Length : 0;
        foreach (MethodInfo m in typeof(Cpu).GetMethods(Statics))
        {
            if (m.Name == handler.Name + "Form" && m.ReturnType == typeof(Flow)
                && (m.IsGenericMethodDefinition ? m.GetGenericArguments().Length : 0) == arity)
            {
                return arity == 0 ? m : m.MakeGenericMethod(handler.GetGenericArguments());
            }
        }

        return null;
    }

    private static bool IsHandler(MethodInfo m)
    {
        ParameterInfo[] p = m.GetParameters();
        return m.ReturnType == typeof(Flow) && p.Length == 3 && p[0].ParameterType == typeof(Cpu)
            && p[1].ParameterType == typeof(Instruction).MakeByRefType() && p[2].ParameterType == typeof(Ops).MakeByRefType();
    }

    private static Dictionary<nint, MethodInfo> Build()
    {
        Dictionary<nint, MethodInfo> map = [];
        Type[] types = typeof(Cpu).Assembly.GetTypes();
        foreach (MethodInfo m in typeof(Cpu).GetMethods(Statics))
        {
            if (!IsHandler(m))
            {
                continue;
            }

            if (!m.IsGenericMethodDefinition)
            {
                map.TryAdd(m.MethodHandle.GetFunctionPointer(), m);
                continue;
            }

            foreach (MethodInfo instance in Instances(m, types))
            {
                map.TryAdd(instance.MethodHandle.GetFunctionPointer(), instance);
            }
        }

        return map;
    }

    /// <summary>
    /// Every instantiation of a generic handler over the value types that meet its constraints (the
    /// width, ALU-op and condition types); a parameter constrained by no interface gets none.
    /// </summary>
    private static IEnumerable<MethodInfo> Instances(MethodInfo definition, Type[] types)
    {
        Type[] parameters = definition.GetGenericArguments();
        List<Type[]> choices = [];
        foreach (Type p in parameters)
        {
            Type[] constraints = p.GetGenericParameterConstraints().Where(t => t.IsInterface).ToArray();
            if (constraints.Length == 0)
            {
                yield break;
            }

            choices.Add([.. types.Where(t => t.IsValueType && !t.IsEnum && !t.ContainsGenericParameters && constraints.All(c => c.IsAssignableFrom(t)))]);
        }

        int[] at = new int[parameters.Length];
        while (true)
        {
            Type[] args = new Type[parameters.Length];
            bool empty = false;
            for (int k = 0; k < args.Length; k++)
            {
                if (choices[k].Length == 0)
                {
                    empty = true;
                    break;
                }

                args[k] = choices[k][at[k]];
            }

            if (empty)
            {
                yield break;
            }

            yield return definition.MakeGenericMethod(args);
            int d = 0;
            while (d < at.Length && ++at[d] == choices[d].Length)
            {
                at[d] = 0;
                d++;
            }

            if (d == at.Length)
            {
                yield break;
            }
        }
    }
}
