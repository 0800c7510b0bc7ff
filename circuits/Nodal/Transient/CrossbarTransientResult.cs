namespace Xbar.Circuits.Nodal.Transient;

/// <summary>
/// One crossbar transient, as both engines report it: the time points (s), every column's current
/// into the virtual ground at each point (A), and the energy of the window split by where it went
/// (J): delivered by the sources, dissipated in the driver resistances, in the wires and in the
/// cells, and left in the wire capacitance at the end. <see cref="BalanceError"/> is what the
/// integration leaves unaccounted: sources - (drivers + wires + cells + stored).
/// </summary>
public sealed class CrossbarTransientResult
{
    public CrossbarTransientResult(string engine, double[] time, double[][] columnCurrents, TransientEnergy energy,
        TransientPowers.Instant finalPowers, long newtonIterations = 0, long linearIterations = 0)
    {
        if (columnCurrents.Length != time.Length)
            throw new ArgumentException($"{columnCurrents.Length} column-current rows for {time.Length} time points", nameof(columnCurrents));
        Engine = engine;
        Time = time;
        ColumnCurrents = columnCurrents;
        Energy = energy;
        FinalPowers = finalPowers;
        NewtonIterations = newtonIterations;
        LinearIterations = linearIterations;
    }

    /// <summary>Which engine ran it (<c>nodal</c> or <c>ngspice</c>).</summary>
    public string Engine { get; }

    /// <summary>Time points (s), from 0 to the stop time.</summary>
    public double[] Time { get; }

    /// <summary>[time point][column]: current into the column's virtual ground (A).</summary>
    public double[][] ColumnCurrents { get; }

    /// <summary>The energies of the whole window (J).</summary>
    public TransientEnergy Energy { get; }

    /// <summary>Powers (W) at the last time point: what a longer hold would keep dissipating.</summary>
    public TransientPowers.Instant FinalPowers { get; }

    public long NewtonIterations { get; }
    public long LinearIterations { get; }

    public int Cols => ColumnCurrents.Length == 0 ? 0 : ColumnCurrents[0].Length;

    /// <summary>Column j's current at every time point (A).</summary>
    public double[] Column(int j) => ColumnCurrents.Select(row => row[j]).ToArray();

    /// <summary>The column currents at the last time point (A).</summary>
    public double[] FinalColumnCurrents => ColumnCurrents[^1];
}

/// <summary>Energies of a transient window (J); see <see cref="CrossbarTransientResult"/>.</summary>
public sealed record TransientEnergy(double Source, double Driver, double Wires, double Cells, double Stored)
{
    /// <summary>Sources minus everything accounted for (J): the integration error of the window.</summary>
    public double BalanceError => Source - (Driver + Wires + Cells + Stored);

    /// <summary>
    /// Integrates instantaneous powers over time points by the trapezoidal rule (J); the stored
    /// energy is the last point's.
    /// </summary>
    public static TransientEnergy Integrate(IReadOnlyList<double> time, IReadOnlyList<TransientPowers.Instant> powers)
    {
        double src = 0, drv = 0, wires = 0, cells = 0;
        for (int t = 1; t < time.Count; t++)
        {
            double h = 0.5 * (time[t] - time[t - 1]);
            src += h * (powers[t].Source + powers[t - 1].Source);
            drv += h * (powers[t].Driver + powers[t - 1].Driver);
            wires += h * (powers[t].Wires + powers[t - 1].Wires);
            cells += h * (powers[t].Cells + powers[t - 1].Cells);
        }
        return new TransientEnergy(src, drv, wires, cells, powers.Count > 0 ? powers[^1].Stored : 0);
    }
}
