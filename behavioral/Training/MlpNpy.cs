using Xbar.Circuits.IO;

namespace Xbar.Behavioral.Training;

/// <summary>
/// MLP weights as NumPy .npy files (through <see cref="NpyFile"/> of circuits/IO), so networks
/// trained elsewhere (PyTorch, Keras, NumPy) run on Xbar's tiles: one folder with
/// <c>layer0_weight.npy</c>, <c>layer0_bias.npy</c>, <c>layer1_weight.npy</c>, ... Weights are
/// written Outputs x Inputs (PyTorch's nn.Linear layout). On reading, an Inputs x Outputs matrix
/// (Keras' layout) is recognised from the bias length and the previous layer, and transposed; a
/// square matrix is taken as Outputs x Inputs.
/// </summary>
public static class MlpNpy
{
    public static void Save(string directory, Mlp network)
    {
        Directory.CreateDirectory(directory);
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            NpyFile.Write(Path.Combine(directory, $"layer{l}_weight.npy"), layer.WeightMatrix());
            var bias = new double[1, layer.Outputs];
            for (int o = 0; o < layer.Outputs; o++) bias[0, o] = layer.Bias[o];
            NpyFile.Write(Path.Combine(directory, $"layer{l}_bias.npy"), bias);
        }
    }

    public static Mlp Load(string directory, Activation hidden = Activation.Relu, OutputKind output = OutputKind.Softmax)
    {
        if (!Directory.Exists(directory)) throw new InvalidInputException($"{directory}: weights folder not found");
        var layers = new List<DenseLayer>();
        for (int l = 0; File.Exists(Path.Combine(directory, $"layer{l}_weight.npy")); l++)
        {
            var wPath = Path.Combine(directory, $"layer{l}_weight.npy");
            var bPath = Path.Combine(directory, $"layer{l}_bias.npy");
            if (!File.Exists(bPath)) throw new InvalidInputException($"{bPath}: bias file missing for {wPath}");
            var w = NpyFile.ReadDoubles(wPath);
            var b = NpyFile.ReadDoubles(bPath);
            if (b.GetLength(0) != 1 && b.GetLength(1) != 1)
                throw new InvalidInputException($"{bPath}: a bias must be a vector, got {b.GetLength(0)}x{b.GetLength(1)}");
            var bias = b.Cast<double>().ToArray();
            int rows = w.GetLength(0), cols = w.GetLength(1);
            int? prevOut = layers.Count > 0 ? layers[^1].Outputs : null;
            bool outByIn = rows == bias.Length && (prevOut is null || cols == prevOut);
            bool inByOut = cols == bias.Length && (prevOut is null || rows == prevOut);
            if (!outByIn && !inByOut)
                throw new InvalidInputException(
                    $"{wPath}: shape {rows}x{cols} fits neither {bias.Length} outputs (bias) nor {(prevOut is null ? "-" : prevOut.ToString())} inputs (previous layer)");
            int nOut = bias.Length, nIn = outByIn ? cols : rows;
            var flat = new double[nOut * nIn];
            for (int o = 0; o < nOut; o++)
                for (int i = 0; i < nIn; i++) flat[o * nIn + i] = outByIn ? w[o, i] : w[i, o];
            layers.Add(new DenseLayer(nIn, nOut, flat, bias));
        }
        if (layers.Count == 0) throw new InvalidInputException($"{directory}: no layer0_weight.npy found");
        try
        {
            return new Mlp(layers, hidden, output);
        }
        catch (ArgumentException e)
        {
            throw new InvalidInputException($"{directory}: {e.Message}", e);
        }
    }
}
