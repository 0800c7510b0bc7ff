using Xbar.Behavioral.Training.Layers;

namespace Xbar.Behavioral.Tests.Training;

/// <summary>
/// Central finite differences against a layer's backward pass, in double precision. The loss is
/// L = sum_i r_i y_i with fixed random weights r, so dL/dy = r is what the backward pass receives.
/// With h = 1e-6 the truncation error is O(h^2 f''') ~ 1e-12 and the rounding error about
/// eps |L| / h ~ 1e-9 for |L| ~ 10, so analytic and numeric derivatives must agree within
/// 1e-6 (absolute) + 1e-6 (relative to the larger): a wrong term or a missing factor misses this
/// by orders of magnitude.
/// </summary>
internal static class GradientCheck
{
    public const double Step = 1e-6, Tolerance = 1e-6;

    /// <summary>Checks dL/dx and dL/dparameter for every input and every parameter value (up to <paramref name="maxPerArray"/> each, spread evenly).</summary>
    public static void Check(ILayer<double> layer, double[] x, int batch, LayerContext context, int seed, int maxPerArray = 400)
    {
        var rng = new Random(seed);
        var y = layer.Forward(x, batch, context);
        var r = new double[y.Length];
        for (int i = 0; i < r.Length; i++) r[i] = 2 * rng.NextDouble() - 1;
        foreach (var p in layer.Parameters) p.ZeroGradient();
        var dx = (double[])layer.Backward(r, batch).Clone();

        double Loss()
        {
            var out_ = layer.Forward(x, batch, context);
            double s = 0;
            for (int i = 0; i < r.Length; i++) s += r[i] * out_[i];
            return s;
        }

        Compare(x, dx, Loss, "input", maxPerArray);
        foreach (var p in layer.Parameters.Where(p => p.Trainable))
            Compare(p.Value, (double[])p.Gradient!.Clone(), Loss, p.Name, maxPerArray);
    }

    /// <summary>Perturbs each checked entry of <paramref name="values"/> by +-h and compares the slope of <paramref name="loss"/> to <paramref name="analytic"/>.</summary>
    public static void Compare(double[] values, double[] analytic, Func<double> loss, string what, int maxPerArray)
    {
        int stride = Math.Max(1, values.Length / maxPerArray);
        for (int i = 0; i < values.Length; i += stride)
        {
            double keep = values[i];
            values[i] = keep + Step;
            double up = loss();
            values[i] = keep - Step;
            double down = loss();
            values[i] = keep;
            double numeric = (up - down) / (2 * Step);
            double bound = Tolerance + Tolerance * Math.Max(Math.Abs(numeric), Math.Abs(analytic[i]));
            Assert.True(Math.Abs(numeric - analytic[i]) <= bound,
                $"{what}[{i}]: backward gives {analytic[i]:R}, finite differences {numeric:R}");
        }
    }

    /// <summary>Uniform values in [-1, 1] kept at least 0.05 away from zero (away from ReLU kinks).</summary>
    public static double[] Values(int count, Random rng)
    {
        var v = new double[count];
        for (int i = 0; i < count; i++)
        {
            double a = 0.05 + 0.95 * rng.NextDouble();
            v[i] = rng.Next(2) == 0 ? a : -a;
        }
        return v;
    }

    /// <summary>Fills every trainable parameter and batch-norm buffer with seeded values (scale and variance kept positive).</summary>
    public static void Randomize(ILayer<double> layer, Random rng)
    {
        foreach (var p in layer.Parameters)
            for (int i = 0; i < p.Value.Length; i++)
                p.Value[i] = p.Name.EndsWith("running_var", StringComparison.Ordinal) || p.Name.EndsWith("bn.weight", StringComparison.Ordinal)
                    ? 0.5 + rng.NextDouble()
                    : 2 * rng.NextDouble() - 1;
    }
}
