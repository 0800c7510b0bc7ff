using Xbar.Behavioral.Config;
using Xbar.Validation.TileValidation;

namespace Xbar.Validation.Tests.TileValidation;

public class TileValidatorTests
{
    [Fact]
    public void When_QuickRunOnLinearCells_Expect_ExactMatchesAndFastBeatsNone()
    {
        var opts = TileValidationOptions.Quick with { Sizes = [16], Inputs = 3 };
        var rows = TileValidator.Run(TilePresets.Linear(), opts, null);
        double Err(string model) => rows.Single(r => r.Model == model).Nrmse;
        Assert.True(Err("exact") < 1e-9, $"exact {Err("exact")}");
        Assert.True(Err("fast") < Err("none") / 10, $"fast {Err("fast")} none {Err("none")}");
        Assert.All(rows, r => Assert.True(r.UsPerMvm > 0));
    }

    [Fact]
    public void When_CsvAndPngWritten_Expect_HeaderAndOneLinePerRow()
    {
        var dir = Directory.CreateTempSubdirectory("xbar-vt-");
        try
        {
            var rows = new List<TileValidationRow>
            {
                new(16, 16, 1.0, "mtj", "nodal", 0, 0, 1000),
                new(16, 16, 1.0, "mtj", "fast", 1e-3, 2e-3, 5),
                new(32, 32, 1.0, "mtj", "fast", 2e-3, 4e-3, 9),
            };
            string csv = Path.Combine(dir.FullName, "validate-tile.csv");
            TileValidator.WriteCsv(rows, csv);
            TileValidationPlot.Write(rows, Path.Combine(dir.FullName, "validate-tile.png"));
            var lines = File.ReadAllLines(csv);
            Assert.Equal("rows,cols,wire_r,device,model,nrmse,max_err,us_per_mvm", lines[0]);
            Assert.Equal(4, lines.Length);
            Assert.Equal("16,16,1,mtj,fast,0.001,0.002,5", lines[2]);
            Assert.True(new FileInfo(Path.Combine(dir.FullName, "validate-tile.png")).Length > 1000);
        }
        finally { dir.Delete(true); }
    }
}
