using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Validation.Sharding;
using Xbar.Validation.TileValidation;

namespace Xbar.Validation.Tests.TileValidation;

public class TileValidatorTests
{
    [Fact]
    public void When_QuickRunOnLinearCells_Expect_ExactMatchesEveryFamilyAndFastBeatsNone()
    {
        var opts = TileValidationOptions.Quick with { Sizes = [16] };
        var rows = TileValidator.Run(TilePresets.Linear(), opts, null);
        TileValidationRow All(string model) => rows.Single(r => r.Model == model && r.Family == "all");
        Assert.True(All("exact").MaxErr < 1e-9, $"exact {All("exact").MaxErr}");
        Assert.True(All("fast").MeanNrmse < All("none").MeanNrmse / 10, $"fast {All("fast").MeanNrmse} none {All("none").MeanNrmse}");
        // Every weight pattern crossed with every input pattern, each over the seeds.
        int families = StructuredProblems.Weights.Count * StructuredProblems.Inputs.Count;
        Assert.Equal(families, rows.Count(r => r.Model == "exact" && r.Family != "all"));
        Assert.All(rows.Where(r => r.Family != "all"), r => Assert.Equal(opts.Seeds, r.Seeds));
        Assert.All(rows.Where(r => r.Model != "nodal" && r.Family == "all"), r => Assert.True(r.UsPerMvm > 0 && r.UsPerMvmBatch > 0));
    }

    [Fact]
    public void When_CsvWrittenAndRead_Expect_SameRowsAndPngWritten()
    {
        var dir = Directory.CreateTempSubdirectory("xbar-vt-");
        try
        {
            var rows = new List<TileValidationRow>
            {
                new(16, 16, 1.0, "mtj", "nodal", "all", 2, 0, 0, 0, 0, 1000, 1000, 0),
                new(16, 16, 1.0, "mtj", "fast", "uniform/dense", 2, 1e-3, 2e-4, 1.2e-3, 2e-3, 5, 0.5, 1.5),
                new(16, 16, 1.0, "mtj", "fast", "all", 2, 1e-3, 2e-4, 1.2e-3, 2e-3, 5, 0.5, 1.5),
                new(32, 32, 1.0, "mtj", "fast", "all", 2, 2e-3, 3e-4, 2.5e-3, 4e-3, 9, 0.9, 3),
            };
            string csv = Path.Combine(dir.FullName, "validate-tile.csv");
            TileValidationCsv.Write(rows, csv);
            TileValidationPlot.Write(rows, Path.Combine(dir.FullName, "validate-tile.png"));
            var lines = File.ReadAllLines(csv);
            Assert.Equal(TileValidationCsv.Header, lines[0]);
            Assert.Equal(5, lines.Length);
            Assert.Equal("16,16,1,mtj,fast,uniform/dense,2,0.001,0.0002,0.0012,0.002,5,0.5,1.5", lines[2]);
            Assert.Equal(rows, TileValidationCsv.Read(csv));
            Assert.True(new FileInfo(Path.Combine(dir.FullName, "validate-tile.png")).Length > 1000);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void When_PointFinishedInFolder_Expect_KeptNotRecomputed()
    {
        var dir = Directory.CreateTempSubdirectory("xbar-vt-");
        try
        {
            var opts = TileValidationOptions.Quick with { Sizes = [8, 16], Seeds = 1 };
            var config = TilePresets.Linear();
            var store = new PointStore(dir.FullName);
            store.Prepare(TileValidationSweep.Settings(config, opts, null));
            var kept = new TileValidationRow(8, 8, 1.0, "linear", "fast", "all", 1, 0.5, 0, 0.5, 0.5, 1, 1, 1); // a value no solve gives
            store.Save(TileValidationSweep.Key(new(8, 1.0)), TileValidationCsv.Line(kept, "R"));
            var result = TileValidationSweep.Run(config, opts, null, dir.FullName);
            Assert.True(result.Complete);
            Assert.Equal(kept, result.Rows[0]);
            Assert.All(result.Rows.Skip(1), r => Assert.Equal(16, r.Rows));
            Assert.True(store.IsDone(TileValidationSweep.Key(new(16, 1.0))));
        }
        finally { dir.Delete(true); }
    }
}
