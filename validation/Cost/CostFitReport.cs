using System.Globalization;
using System.Text;
using Xbar.Circuits.Cost;

namespace Xbar.Validation.Cost;

/// <summary>
/// Fits the cost model to a cost sweep folder and reports its residual: writes the model
/// (<c>cost-model.json</c>), <c>fit_residual.csv</c> (per cell, encoding and size: RMS and worst
/// relative error of energy and latency in-sample and held out) and returns the residuals.
/// </summary>
public static class CostFitReport
{
    public const string ResidualHeader =
        "cell,encoding,rows,cols,samples,energy_rms,energy_worst,latency_rms,latency_worst,held_out_energy_worst,held_out_latency_worst";

    public static (FittedTileCostModel Model, IReadOnlyList<CostFitResidual> Residuals) Run(string sweepDirectory, string modelPath)
    {
        var store = new CostSweepStore(sweepDirectory);
        var samples = store.LoadSamples();
        if (samples.Count == 0) throw new InvalidInputException($"{sweepDirectory}: the cost sweep holds no samples");
        var @base = store.BaseConfig();
        var settings = store.Settings();
        var model = CostModelFit.Fit(samples, @base,
            $"{samples.Count} samples of a {settings.Engine} cost sweep ({Path.GetFileName(store.Root.TrimEnd('/'))})");
        var residuals = CostModelFit.Residuals(samples, @base);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(modelPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        model.Save(modelPath);
        var csv = new StringBuilder(ResidualHeader).Append('\n');
        foreach (var r in residuals)
            csv.Append(string.Create(CultureInfo.InvariantCulture,
                $"{r.Cell},{r.Encoding},{r.Rows},{r.Cols},{r.Samples},{r.EnergyRms:R},{r.EnergyWorst:R},{r.LatencyRms:R},{r.LatencyWorst:R},{r.HeldOutEnergyWorst:R},{r.HeldOutLatencyWorst:R}\n"));
        File.WriteAllText(Path.Combine(dir ?? ".", "fit_residual.csv"), csv.ToString());
        return (model, residuals);
    }
}
