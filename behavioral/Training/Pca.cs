using MathNet.Numerics.LinearAlgebra;
using Xbar.Behavioral.Data;

namespace Xbar.Behavioral.Training;

/// <summary>
/// Principal component analysis as the preprocessing Moureaux et al. 2026 use to shrink the
/// network's first layer: features are centred on the training mean and projected on the
/// <see cref="ComponentCount"/> leading eigenvectors of the training covariance, found with
/// MathNet's SVD of the (symmetric, positive semi-definite) covariance matrix.
/// </summary>
public sealed class Pca
{
    public Pca(double[] mean, double[][] components, double[] explainedVariance)
    {
        if (components.Length == 0) throw new ArgumentException("PCA needs at least one component", nameof(components));
        foreach (var c in components)
            if (c.Length != mean.Length)
                throw new ArgumentException($"a component has {c.Length} values, the mean {mean.Length}", nameof(components));
        Mean = mean;
        Components = components;
        ExplainedVariance = explainedVariance;
    }

    /// <summary>Training mean of every input feature.</summary>
    public double[] Mean { get; }

    /// <summary>Orthonormal principal axes, largest variance first (ComponentCount x InputCount).</summary>
    public double[][] Components { get; }

    /// <summary>Variance of the training data along each component.</summary>
    public double[] ExplainedVariance { get; }

    public int ComponentCount => Components.Length;
    public int InputCount => Mean.Length;

    /// <summary>Fits the leading <paramref name="componentCount"/> components on <paramref name="data"/>.</summary>
    public static Pca Fit(LabeledImages data, int componentCount)
    {
        int n = data.Count, d = data.FeatureCount;
        if (componentCount < 1 || componentCount > d)
            throw new InvalidInputException($"PCA components must be between 1 and {d}, got {componentCount}");
        if (n < 2) throw new InvalidInputException("PCA needs at least two samples");
        var mean = new double[d];
        for (int s = 0; s < n; s++)
        {
            var x = data.Sample(s);
            for (int j = 0; j < d; j++) mean[j] += x[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;

        // Covariance C = X0^T X0 / (n - 1) with SIMD dot products over the centred feature columns.
        var columns = new double[d][];
        for (int j = 0; j < d; j++) columns[j] = new double[n];
        for (int s = 0; s < n; s++)
        {
            var x = data.Sample(s);
            for (int j = 0; j < d; j++) columns[j][s] = x[j] - mean[j];
        }
        var cov = new double[d, d];
        // Each entry is computed on its own, so the parallel loop gives the same bits on every run.
        Parallel.For(0, d, a =>
        {
            if (IsZero(columns[a])) return; // constant pixel (e.g. MNIST borders): zero row and column
            for (int b = a; b < d; b++)
                cov[a, b] = cov[b, a] = System.Numerics.Tensors.TensorPrimitives.Dot<double>(columns[a], columns[b]) / (n - 1);
        });
        var covariance = Matrix<double>.Build.DenseOfArray(cov);
        var (vectors, values) = LeadingEigenvectors(covariance, componentCount, seed: 12345);
        var components = new double[componentCount][];
        var variance = new double[componentCount];
        for (int k = 0; k < componentCount; k++)
        {
            components[k] = vectors.Column(k).ToArray();
            variance[k] = values[k];
        }
        return new Pca(mean, components, variance);
    }

    /// <summary>
    /// The <paramref name="k"/> leading eigenvectors of a symmetric positive semi-definite matrix.
    /// For small k it uses randomized subspace iteration (Halko, Martinsson and Tropp 2011, SIAM
    /// Review 53(2), Alg. 4.4 with 8 power iterations and 10 extra vectors): QR (MathNet) of C^q Omega,
    /// then the MathNet SVD of the small projected matrix Q^T C Q. For k near the size it takes the
    /// MathNet SVD of C itself. Seeded, so PCA is deterministic.
    /// </summary>
    public static (Matrix<double> Vectors, double[] Values) LeadingEigenvectors(Matrix<double> c, int k, int seed)
    {
        int d = c.RowCount;
        int width = Math.Min(d, k + 10);
        if (2 * width >= d)
        {
            var full = c.Svd(computeVectors: true);
            return (full.U.SubMatrix(0, d, 0, k), full.S.Take(k).ToArray());
        }
        var rng = new Random(seed);
        var omega = Matrix<double>.Build.Dense(d, width, (_, _) => MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 1));
        var q = (c * omega).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        for (int it = 0; it < 8; it++) q = (c * q).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        var small = q.TransposeThisAndMultiply(c * q);
        var svd = small.Svd(computeVectors: true);
        var vectors = q * svd.U.SubMatrix(0, width, 0, k);
        return (vectors, svd.S.Take(k).ToArray());
    }

    private static bool IsZero(double[] v)
    {
        foreach (var x in v) if (x != 0) return false;
        return true;
    }

    /// <summary>The first <paramref name="k"/> components only.</summary>
    public Pca Truncate(int k)
    {
        if (k < 1 || k > ComponentCount) throw new InvalidInputException($"PCA has {ComponentCount} components, cannot keep {k}");
        return new Pca(Mean, Components.Take(k).ToArray(), ExplainedVariance.Take(k).ToArray());
    }

    /// <summary>Projects one input on the components.</summary>
    public double[] Transform(ReadOnlySpan<double> x)
    {
        var y = new double[ComponentCount];
        for (int k = 0; k < ComponentCount; k++)
        {
            var c = Components[k];
            double sum = 0;
            for (int j = 0; j < c.Length; j++) sum += c[j] * (x[j] - Mean[j]);
            y[k] = sum;
        }
        return y;
    }

    /// <summary>Maps a projection back to input space (mean + sum of components weighted by <paramref name="y"/>).</summary>
    public double[] Reconstruct(ReadOnlySpan<double> y)
    {
        var x = (double[])Mean.Clone();
        for (int k = 0; k < ComponentCount; k++)
            for (int j = 0; j < x.Length; j++) x[j] += y[k] * Components[k][j];
        return x;
    }

    /// <summary>Projects every sample of <paramref name="data"/>.</summary>
    public LabeledImages Transform(LabeledImages data)
    {
        if (data.FeatureCount != InputCount)
            throw new InvalidInputException($"PCA was fitted on {InputCount} features, the data have {data.FeatureCount}");
        var features = new double[data.Count * ComponentCount];
        for (int s = 0; s < data.Count; s++)
            Transform(data.Sample(s)).CopyTo(features, s * ComponentCount);
        return data.WithFeatures(features, ComponentCount);
    }
}
