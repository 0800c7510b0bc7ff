using Xbar.Circuits.Cost;

namespace Xbar.Validation.Cost;

/// <summary>
/// The fitted tile cost model shipped with Xbar (validation/data/cost): fitted to the 336-transient
/// nodal sweep of the default 22 nm cost config (cells mtj1, mtj2, rram, pcm; amplitude and
/// pulse-width inputs; 16x16 to 256x256 and 32x128, 128x32; dense, sparse and full inputs; 2 seeds;
/// ADC bits 1-8), with its residual in fit_residual.csv beside it. Remade by
/// <c>xbar cost sweep --out DIR --sizes 16,32,64,128,256,32x128,128x32 --seeds 2</c> then
/// <c>xbar cost fit DIR --out validation/data/cost/cost-model-22nm.json</c>.
/// </summary>
public static class ShippedCostModel
{
    public const string FileName = "cost-model-22nm.json";

    /// <summary>Where the model is beside the running assembly (the validation project copies data/ to its output).</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "data", "cost", FileName);

    public static FittedTileCostModel Load() => FittedTileCostModel.Load(DefaultPath);
}
