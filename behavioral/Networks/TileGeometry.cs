namespace Xbar.Behavioral.Networks;

/// <summary>
/// Size of one crossbar tile in weights: <see cref="Inputs"/> word lines (rows) by
/// <see cref="Outputs"/> weight columns. A weight column is one bit line or one differential
/// pair, as the tile programmer maps it (the reference MTJ tile uses a differential pair, so a
/// 4 x 4 tile of weights uses 4 x 8 cells). Moureaux et al. 2026 ran a 4 x 4 array.
/// </summary>
public sealed record TileGeometry
{
    public const int MaxSize = 1024;

    public TileGeometry(int inputs, int outputs)
    {
        if (inputs < 1 || inputs > MaxSize)
            throw new InvalidInputException($"tile inputs (rows) must be between 1 and {MaxSize}, got {inputs}");
        if (outputs < 1 || outputs > MaxSize)
            throw new InvalidInputException($"tile outputs (columns) must be between 1 and {MaxSize}, got {outputs}");
        Inputs = inputs;
        Outputs = outputs;
    }

    public int Inputs { get; }
    public int Outputs { get; }

    /// <summary>
    /// The weights one array of <paramref name="config"/> holds: its rows by its output columns, which are
    /// cell pairs under the differential mapping and all bit lines but the reference one otherwise.
    /// </summary>
    public static TileGeometry Of(Config.TileConfig config) => new(config.Array.Rows,
        config.Mapping.Signed == Config.SignedMapping.Differential ? config.Array.Cols / 2 : config.Array.Cols - 1);

    /// <summary>The 4 x 4 array of Moureaux et al. 2026.</summary>
    public static TileGeometry Paper4x4 { get; } = new(4, 4);

    public override string ToString() => $"{Inputs}x{Outputs}";
}
