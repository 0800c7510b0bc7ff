using System.Globalization;

namespace Xbar.Validation.TileValidation;

/// <summary><c>validate-tile.csv</c>: one line per <see cref="TileValidationRow"/>; also the checkpoint a resumed run reads back.</summary>
public static class TileValidationCsv
{
    public const string Header = "rows,cols,wire_r,device,model,family,seeds,nrmse_mean,nrmse_std,nrmse_worst,max_err,us_per_mvm,us_per_mvm_batch,program_ms";

    public static void Write(IEnumerable<TileValidationRow> rows, string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine(Header);
        foreach (var r in rows) w.WriteLine(Line(r));
    }

    public static string Line(TileValidationRow r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Rows},{r.Cols},{r.WireR:R},{r.Device},{r.Model},{r.Family},{r.Seeds},{r.MeanNrmse:G6},{r.StdNrmse:G6},{r.WorstNrmse:G6},{r.MaxErr:G6},{r.UsPerMvm:G6},{r.UsPerMvmBatch:G6},{r.ProgramMs:G6}");

    /// <summary>Rows of a CSV written by <see cref="Write"/> (a checkpoint); an unreadable or foreign file gives none.</summary>
    public static List<TileValidationRow> Read(string path)
    {
        var rows = new List<TileValidationRow>();
        if (!File.Exists(path)) return rows;
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header) return rows;
        var ci = CultureInfo.InvariantCulture;
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            if (f.Length != 14) return [];
            rows.Add(new TileValidationRow(int.Parse(f[0], ci), int.Parse(f[1], ci), double.Parse(f[2], ci), f[3], f[4], f[5], int.Parse(f[6], ci),
                double.Parse(f[7], ci), double.Parse(f[8], ci), double.Parse(f[9], ci), double.Parse(f[10], ci),
                double.Parse(f[11], ci), double.Parse(f[12], ci), double.Parse(f[13], ci)));
        }
        return rows;
    }
}
