using System.Runtime.InteropServices;

namespace Xbar.Circuits.Engines.Ngspice;

/// <summary>
/// The shared-library API of ngspice (<c>sharedspice.h</c>, ngspice 39) bound through function
/// pointers. Used only inside a worker process (<see cref="NgspiceWorkerMain"/>): ngspice keeps
/// global state, so one process holds exactly one copy of the library and calls it from one thread.
/// Callbacks are static <see cref="UnmanagedCallersOnlyAttribute"/> methods, so no delegate can be
/// collected by the GC while ngspice still holds its address.
/// </summary>
internal sealed unsafe class NgspiceLibrary
{
    /// <summary>Soname of the Debian/Ubuntu package <c>libngspice0</c>.</summary>
    public const string DefaultLibraryName = "libngspice.so.0";

    /// <summary>Environment variable that may name another libngspice file (absolute path or soname).</summary>
    public const string LibraryVariable = "XBAR_NGSPICE_LIBRARY";

    private readonly delegate* unmanaged[Cdecl]<void*, void*, void*, void*, void*, void*, void*, int> _init;
    private readonly delegate* unmanaged[Cdecl]<byte**, int> _circ;
    private readonly delegate* unmanaged[Cdecl]<byte*, int> _command;
    private readonly delegate* unmanaged[Cdecl]<byte*, VectorInfo*> _vecInfo;
    private readonly delegate* unmanaged[Cdecl]<byte*> _curPlot;
    private readonly delegate* unmanaged[Cdecl]<byte**> _allPlots;
    private readonly delegate* unmanaged[Cdecl]<byte*, byte**> _allVecs;

    private NgspiceLibrary(IntPtr handle)
    {
        _init = (delegate* unmanaged[Cdecl]<void*, void*, void*, void*, void*, void*, void*, int>)
            NativeLibrary.GetExport(handle, "ngSpice_Init");
        _circ = (delegate* unmanaged[Cdecl]<byte**, int>)NativeLibrary.GetExport(handle, "ngSpice_Circ");
        _command = (delegate* unmanaged[Cdecl]<byte*, int>)NativeLibrary.GetExport(handle, "ngSpice_Command");
        _vecInfo = (delegate* unmanaged[Cdecl]<byte*, VectorInfo*>)NativeLibrary.GetExport(handle, "ngGet_Vec_Info");
        _curPlot = (delegate* unmanaged[Cdecl]<byte*>)NativeLibrary.GetExport(handle, "ngSpice_CurPlot");
        _allPlots = (delegate* unmanaged[Cdecl]<byte**>)NativeLibrary.GetExport(handle, "ngSpice_AllPlots");
        _allVecs = (delegate* unmanaged[Cdecl]<byte*, byte**>)NativeLibrary.GetExport(handle, "ngSpice_AllVecs");
    }

    /// <summary>Everything ngspice printed (stdout and stderr, prefixed as ngspice does) since the last <see cref="ClearOutput"/>.</summary>
    public static List<string> Output { get; } = new();

    /// <summary>Most stdout lines kept per run (stderr may take as many again).</summary>
    public const int MaxOutputLines = 2000;

    /// <summary>Set when ngspice asked the caller to exit (its <c>ControlledExit</c> callback): the library is no longer usable.</summary>
    public static bool ExitRequested { get; private set; }

    /// <summary>Exit status ngspice passed with its exit request.</summary>
    public static int ExitStatus { get; private set; }

    /// <summary>Plot name -> name of its scale vector, learnt from ngspice's <c>SendInitData</c> callback.</summary>
    public static Dictionary<string, string> ScaleByPlot { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static void ClearOutput()
    {
        Output.Clear();
        ScaleByPlot.Clear();
    }

    /// <summary>Loads libngspice (by <see cref="DefaultLibraryName"/> unless <see cref="LibraryVariable"/> says otherwise) and initialises it.</summary>
    public static NgspiceLibrary LoadAndInitialize()
    {
        var name = Environment.GetEnvironmentVariable(LibraryVariable);
        if (string.IsNullOrWhiteSpace(name)) name = DefaultLibraryName;
        IntPtr handle;
        try
        {
            handle = NativeLibrary.Load(name);
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException(
                $"Cannot load {name}: install the Debian/Ubuntu package libngspice0 " +
                $"(or set {LibraryVariable} to the library's path). {e.Message}", e);
        }

        var library = new NgspiceLibrary(handle);
        delegate* unmanaged[Cdecl]<byte*, int, void*, int> sendChar = &OnSendChar;
        delegate* unmanaged[Cdecl]<byte*, int, void*, int> sendStat = &OnSendStat;
        delegate* unmanaged[Cdecl]<int, byte, byte, int, void*, int> exit = &OnControlledExit;
        delegate* unmanaged[Cdecl]<VecInfoAll*, int, void*, int> initData = &OnSendInitData;
        library._init(sendChar, sendStat, exit, null, initData, null, null);
        return library;
    }

    /// <summary>Hands ngspice a circuit, one line per entry (the array is NULL-terminated as the API requires).</summary>
    public void Circuit(IReadOnlyList<string> lines)
    {
        var pointers = new IntPtr[lines.Count + 1];
        try
        {
            for (var i = 0; i < lines.Count; i++)
                pointers[i] = Marshal.StringToCoTaskMemUTF8(lines[i]);
            fixed (IntPtr* array = pointers)
                _circ((byte**)array);
        }
        finally
        {
            foreach (var p in pointers)
                if (p != IntPtr.Zero) Marshal.FreeCoTaskMem(p);
        }
    }

    /// <summary>Runs one interactive ngspice command synchronously (e.g. <c>run</c>, <c>destroy all</c>).</summary>
    public void Command(string command)
    {
        var p = Marshal.StringToCoTaskMemUTF8(command);
        try { _command((byte*)p); }
        finally { Marshal.FreeCoTaskMem(p); }
    }

    public string? CurrentPlot() => Marshal.PtrToStringUTF8((IntPtr)_curPlot());

    public IReadOnlyList<string> AllPlots() => ReadStringArray(_allPlots());

    public IReadOnlyList<string> AllVectors(string plot)
    {
        var p = Marshal.StringToCoTaskMemUTF8(plot);
        try { return ReadStringArray(_allVecs((byte*)p)); }
        finally { Marshal.FreeCoTaskMem(p); }
    }

    /// <summary>Copies the real data of vector <paramref name="qualifiedName"/> (<c>plot.vector</c>); null when ngspice does not know it.</summary>
    public double[]? VectorData(string qualifiedName)
    {
        var p = Marshal.StringToCoTaskMemUTF8(qualifiedName);
        try
        {
            var info = _vecInfo((byte*)p);
            if (info == null) return null;
            var length = Math.Max(info->Length, 0);
            var data = new double[length];
            if (info->RealData != null)
                new ReadOnlySpan<double>(info->RealData, length).CopyTo(data);
            else if (info->ComplexData != null)
                for (var i = 0; i < length; i++) data[i] = info->ComplexData[2 * i]; // real part only
            return data;
        }
        finally { Marshal.FreeCoTaskMem(p); }
    }

    private static IReadOnlyList<string> ReadStringArray(byte** array)
    {
        var result = new List<string>();
        if (array == null) return result;
        for (var i = 0; array[i] != null; i++)
            result.Add(Marshal.PtrToStringUTF8((IntPtr)array[i]) ?? "");
        return result;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static int OnSendChar(byte* text, int id, void* user)
    {
        var line = Marshal.PtrToStringUTF8((IntPtr)text);
        if (line == null) return 0;
        // Bounded: a chatty run keeps its first lines (where errors and notes appear) and all stderr up to the cap.
        if (Output.Count < MaxOutputLines || (line.StartsWith("stderr", StringComparison.Ordinal) && Output.Count < 2 * MaxOutputLines))
            Output.Add(line);
        return 0;
    }

    /// <summary>Progress reports ("tran 12.5%"): dropped, so a long transient does not pile up text.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static int OnSendStat(byte* text, int id, void* user) => 0;

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static int OnControlledExit(int status, byte immediate, byte quit, int id, void* user)
    {
        ExitRequested = true;
        ExitStatus = status;
        Output.Add($"stderr ngspice requested exit (status {status}, {(quit != 0 ? "quit" : "error")})");
        return status;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static int OnSendInitData(VecInfoAll* all, int id, void* user)
    {
        if (all == null || all->Vecs == null) return 0;
        var plot = Marshal.PtrToStringUTF8((IntPtr)all->Name);
        if (plot == null) return 0;
        // The scale is the vector the others point to as their scale (time, v-sweep, ...).
        for (var i = 0; i < all->VecCount; i++)
        {
            var v = all->Vecs[i];
            if (v == null || v->ScaleVector == null) continue;
            for (var j = 0; j < all->VecCount; j++)
            {
                var s = all->Vecs[j];
                if (s != null && s->Vector == v->ScaleVector)
                {
                    var scale = Marshal.PtrToStringUTF8((IntPtr)s->Name);
                    if (scale != null) ScaleByPlot[plot] = scale;
                    return 0;
                }
            }
        }
        return 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct VectorInfo
    {
        public byte* Name;
        public int Type;
        public short Flags;
        public double* RealData;
        public double* ComplexData;
        public int Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct VecInfo
    {
        public int Number;
        public byte* Name;
        public byte IsReal;
        public void* Vector;
        public void* ScaleVector;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct VecInfoAll
    {
        public byte* Name;
        public byte* Title;
        public byte* Date;
        public byte* Type;
        public int VecCount;
        public VecInfo** Vecs;
    }
}
