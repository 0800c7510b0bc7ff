using Google.Protobuf;
using Onnx;
using Xbar.Behavioral.Networks.Graph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Xbar.Behavioral.Networks.Onnx;

/// <summary>Element type of exported tensors.</summary>
public enum OnnxPrecision
{
    /// <summary>32-bit floats, what ONNX models almost always hold (and ONNX Runtime's CPU kernels run).</summary>
    Float32,

    /// <summary>64-bit floats: export then import gives the graph's values bit for bit.</summary>
    Float64,
}

/// <summary>ONNX TensorProto to and from <see cref="Tensor"/> (values as doubles).</summary>
public static class OnnxTensors
{
    /// <summary>The values of <paramref name="t"/> as a tensor; throws <see cref="InvalidInputException"/> naming <paramref name="what"/> on a bad or unsupported tensor.</summary>
    public static Tensor Read(TensorProto t, string what)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            throw new InvalidInputException($"{what}: tensor data in an external file is not supported (save the model with its weights inside)");
        var dims = t.Dims.Select(d => d is >= 0 and <= int.MaxValue ? (int)d
            : throw new InvalidInputException($"{what}: dimension {d} is not supported")).ToArray();
        long size = Tensor.Size(dims);
        if (size > int.MaxValue) throw new InvalidInputException($"{what}: {size} values is more than supported");
        var raw = t.RawData;
        double[] data = (DataType)t.DataType switch
        {
            DataType.Float => raw.Length > 0 ? Raw(raw, 4, size, what, (b, i) => BitConverter.ToSingle(b, i)) : t.FloatData.Select(v => (double)v).ToArray(),
            DataType.Double => raw.Length > 0 ? Raw(raw, 8, size, what, BitConverter.ToDouble) : t.DoubleData.ToArray(),
            DataType.Int64 => raw.Length > 0 ? Raw(raw, 8, size, what, (b, i) => BitConverter.ToInt64(b, i)) : t.Int64Data.Select(v => (double)v).ToArray(),
            DataType.Int32 => raw.Length > 0 ? Raw(raw, 4, size, what, (b, i) => BitConverter.ToInt32(b, i)) : t.Int32Data.Select(v => (double)v).ToArray(),
            DataType.Int8 => raw.Length > 0 ? Raw(raw, 1, size, what, (b, i) => (sbyte)b[i]) : t.Int32Data.Select(v => (double)v).ToArray(),
            DataType.Uint8 => raw.Length > 0 ? Raw(raw, 1, size, what, (b, i) => b[i]) : t.Int32Data.Select(v => (double)v).ToArray(),
            DataType.Bool => raw.Length > 0 ? Raw(raw, 1, size, what, (b, i) => b[i] != 0 ? 1 : 0) : t.Int32Data.Select(v => (double)v).ToArray(),
            DataType.Float16 => raw.Length > 0 ? Raw(raw, 2, size, what, (b, i) => (double)BitConverter.ToHalf(b, i))
                : t.Int32Data.Select(v => (double)BitConverter.UInt16BitsToHalf((ushort)v)).ToArray(),
            var other => throw new InvalidInputException($"{what}: element type {other} is not supported (float, double, float16, int8/32/64, uint8, bool are)"),
        };
        if (data.Length != size)
            throw new InvalidInputException($"{what}: holds {data.Length} values, its dimensions [{string.Join(", ", dims)}] need {size}");
        return new Tensor(dims, data);
    }

    /// <summary>A TensorProto of <paramref name="t"/> in the given precision (or 64-bit integers).</summary>
    public static TensorProto Write(string name, Tensor t, OnnxPrecision precision, bool integers = false)
    {
        var p = new TensorProto { Name = name };
        p.Dims.AddRange(t.Dims.ToArray().Select(d => (long)d));
        if (integers)
        {
            p.DataType = (int)DataType.Int64;
            p.Int64Data.AddRange(t.Data.Select(v => (long)v));
        }
        else if (precision == OnnxPrecision.Float64)
        {
            p.DataType = (int)DataType.Double;
            var bytes = new byte[t.Length * 8];
            Buffer.BlockCopy(t.Data, 0, bytes, 0, bytes.Length);
            p.RawData = ByteString.CopyFrom(bytes);
        }
        else
        {
            p.DataType = (int)DataType.Float;
            var f = t.Data.Select(v => (float)v).ToArray();
            var bytes = new byte[f.Length * 4];
            Buffer.BlockCopy(f, 0, bytes, 0, bytes.Length);
            p.RawData = ByteString.CopyFrom(bytes);
        }
        return p;
    }

    /// <summary>The ONNX element type of a precision.</summary>
    public static int ElementType(OnnxPrecision precision) => (int)(precision == OnnxPrecision.Float64 ? DataType.Double : DataType.Float);

    private static double[] Raw(ByteString raw, int width, long size, string what, Func<byte[], int, double> read)
    {
        if (raw.Length != size * width)
            throw new InvalidInputException($"{what}: raw data holds {raw.Length} bytes, {size} values of {width} bytes need {size * width}");
        if (!BitConverter.IsLittleEndian) throw new InvalidOperationException("ONNX raw data is little-endian; this machine is not");
        var bytes = raw.ToByteArray();
        var v = new double[size];
        for (int i = 0; i < size; i++) v[i] = read(bytes, i * width);
        return v;
    }
}
