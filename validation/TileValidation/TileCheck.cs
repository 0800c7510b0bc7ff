using System.Globalization;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;

namespace Xbar.Validation.TileValidation;

/// <summary>The behavioral tile's error on K of the user's MVMs, re-solved exactly (nodal solve of the same programmed cells).</summary>
/// <param name="Nrmse">RMSE / range of the exact outputs, after the periphery (DAC, ADC) of both tiles.</param>
/// <param name="AnalogNrmse">The same on the analog output currents (no DAC rounding, no ADC), the model's own error.</param>
public sealed record TileCheck(int Checked, int Total, double Nrmse, double MaxError, double AnalogNrmse, double AnalogMaxError)
{
    public static TileCheck Run(TileConfig config, double[,] w, double[,] x, Tile behavioral, int seed, int k)
    {
        int n = x.GetLength(0), ins = x.GetLength(1);
        k = Math.Min(k, n);
        var circuit = CircuitTile.Program(config, w, seed);
        var picked = Enumerable.Range(0, k).Select(i => (int)((long)i * n / k)).ToArray();
        var yb = new List<double[]>(); var yc = new List<double[]>(); var ab = new List<double[]>(); var ac = new List<double[]>();
        double voltsPerUnit = config.Input.ReadVoltageV / config.Input.InputMax;
        foreach (int s in picked)
        {
            var row = Enumerable.Range(0, ins).Select(i => x[s, i]).ToArray();
            yb.Add(behavioral.Multiply(row));
            yc.Add(circuit.Multiply(row));
            var volts = row.Select(v => Math.Clamp(v, -config.Input.InputMax, config.Input.InputMax) * voltsPerUnit).ToArray();
            ab.Add(behavioral.AnalogCurrents(volts));
            ac.Add(circuit.AnalogCurrents(volts));
        }
        var (e, max) = Metrics.Nrmse(yb, yc);
        var (ea, maxa) = Metrics.Nrmse(ab, ac);
        return new TileCheck(k, n, e, max, ea, maxa);
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"check: {Checked} of {Total} MVMs re-solved exactly (nodal): outputs NRMSE {Nrmse:P3}, max error {MaxError:P2}; analog currents NRMSE {AnalogNrmse:P3}, max error {AnalogMaxError:P2} of the exact output range");
}
