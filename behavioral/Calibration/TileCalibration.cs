using System.Text.Json;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;

namespace Xbar.Behavioral.Calibration;

/// <summary>
/// The result of <c>xbar calibrate</c>: the fitted coefficients of the transfer model, the config
/// it was fitted for (embedded, plus its <see cref="TileConfig.PhysicsHash"/>), the circuit engine
/// that gave the truth, and the errors on the fit set and on held-out structured problems (pooled
/// and per family). Errors are NRMSE = RMSE / (max - min) of the exact output currents.
/// </summary>
/// <param name="Model">What the coefficients belong to: <see cref="TransferModelName"/>. Files without it hold the former ladder-model correction and are refused.</param>
/// <param name="HeldOutFamilies">Held-out NRMSE and max error per structured family ("weights/inputs").</param>
/// <param name="Flags">Warnings about fitted coefficients outside their physical range (<see cref="TileCalibrator.CheckPhysical"/>).</param>
public sealed record TileCalibration(
    string ConfigHash,
    TileConfig Config,
    string Engine,
    int Samples,
    int Seed,
    IrDropCorrection Correction,
    double TrainNrmse,
    double HeldOutNrmse,
    double HeldOutNrmseUncorrected,
    double HeldOutMaxError,
    int HeldOutSamples,
    CalibrationInputs Inputs = CalibrationInputs.NonNegative,
    string? Model = null,
    IReadOnlyList<FamilyError>? HeldOutFamilies = null,
    IReadOnlyList<string>? Flags = null)
{
    /// <summary>The <see cref="Model"/> of calibrations of the transfer model (<see cref="TransferModel"/>).</summary>
    public const string TransferModelName = "transfer";

    /// <summary>The worst held-out family's NRMSE (the pooled held-out NRMSE when no family breakdown is stored).</summary>
    public double HeldOutWorstNrmse => HeldOutFamilies is { Count: > 0 } f ? f.Max(e => e.Nrmse) : HeldOutNrmse;

    /// <summary>The worst held-out family's max error over its range.</summary>
    public double HeldOutWorstMaxError => HeldOutFamilies is { Count: > 0 } f ? f.Max(e => e.MaxError) : HeldOutMaxError;

    /// <summary>Refuses (InvalidInputException) when this calibration was made for another config.</summary>
    public void EnsureMatches(TileConfig config)
    {
        string hash = config.PhysicsHash;
        if (hash == ConfigHash) return;
        var differs = new List<string>();
        void Cmp<T>(string name, T a, T b) where T : class
        {
            if (JsonSerializer.Serialize(a, TileConfigJson.Options) != JsonSerializer.Serialize(b, TileConfigJson.Options)) differs.Add(name);
        }
        if (Config is not null)
        {
            Cmp("array", Config.Array, config.Array);
            Cmp("device", Config.Device, config.Device);
            Cmp("mapping", Config.Mapping, config.Mapping);
            if (Config.Input.ReadVoltageV != config.Input.ReadVoltageV) differs.Add("input.read_voltage_v");
            if ((Config.IrDrop.ReferenceBiasV ?? Config.Input.ReadVoltageV) != (config.IrDrop.ReferenceBiasV ?? config.Input.ReadVoltageV))
                differs.Add("ir_drop.reference_bias_v");
        }
        string which = differs.Count > 0 ? $" (differing sections: {string.Join(", ", differs)})" : "";
        throw new InvalidInputException(
            $"calibration: made for config hash {ConfigHash} ({Config?.Name ?? "unnamed"}) but this config has hash {hash}{which}; run `xbar calibrate` for this config");
    }

    public static string Serialize(TileCalibration c) => JsonSerializer.Serialize(c, TileConfigJson.Options);

    public static TileCalibration Parse(string json, string source = "calibration")
    {
        if (json.Contains("\"word_line_scale\"", StringComparison.Ordinal))
            throw new InvalidInputException(
                $"{source}: a calibration of the former ladder IR-drop model (word_line_scale, bit_line_scale, gain); the calibrated option is now the transfer model: run `xbar calibrate` again");
        TileCalibration? c;
        try { c = JsonSerializer.Deserialize<TileCalibration>(json, TileConfigJson.Options); }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{source}:{(e.LineNumber ?? 0) + 1}: {e.Path}: {e.Message.Split(" Path:")[0]}", e);
        }
        if (c is null || c.Config is null || c.Correction is null || string.IsNullOrEmpty(c.ConfigHash))
            throw new InvalidInputException($"{source}: not a calibration file (config_hash, config and correction are required)");
        if (c.Model != TransferModelName)
            throw new InvalidInputException($"{source}: model \"{c.Model ?? "(none)"}\" is not \"{TransferModelName}\"; run `xbar calibrate` again");
        try { c.Config.Validate(); }
        catch (InvalidInputException e) { throw new InvalidInputException($"{source}: embedded config: {e.Message}", e); }
        if (c.Config.PhysicsHash != c.ConfigHash)
            throw new InvalidInputException($"{source}: config_hash {c.ConfigHash} does not match the embedded config ({c.Config.PhysicsHash}); the file was edited");
        return c;
    }

    public static TileCalibration Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: calibration file not found");
        return Parse(File.ReadAllText(path), path);
    }

    public void Save(string path) => File.WriteAllText(path, Serialize(this) + "\n");
}
