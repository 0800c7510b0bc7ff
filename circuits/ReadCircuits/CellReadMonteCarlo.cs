using MathNet.Numerics.Distributions;

namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Monte Carlo of the cell read: every draw samples the comparator offsets, the ladder mismatch
/// and, for each programmed state, the cell's R_P spread and programming error (seeded per draw, so
/// results do not depend on workers, batching or shards), then reads every state in a transient.
/// Draws are batched <see cref="DrawsPerNetlist"/> at a time into one netlist of independent reader
/// instances (see <see cref="CellReaderNetlist"/>) and netlists run on W workers in parallel.
/// </summary>
public sealed class CellReadMonteCarlo
{
    public CellReadMonteCarlo(ITransientRunner runner, ReadVariability? variability = null, ComparatorModel? comparator = null,
        int drawsPerNetlist = 25, double readVoltage = 0.3, double designTmr = MtjReadCell.DefaultTmr0)
    {
        Runner = runner;
        Variability = variability ?? new ReadVariability();
        Comparator = comparator ?? new ComparatorModel();
        if (drawsPerNetlist < 1) throw new ArgumentOutOfRangeException(nameof(drawsPerNetlist));
        DrawsPerNetlist = drawsPerNetlist;
        ReadVoltage = readVoltage;
        DesignTmr = designTmr;
    }

    /// <summary>TMR the fixed load resistor is designed for (see <see cref="CellReadPoint.Circuit"/>).</summary>
    public double DesignTmr { get; }

    public ITransientRunner Runner { get; }
    public ReadVariability Variability { get; }
    public ComparatorModel Comparator { get; }
    public int DrawsPerNetlist { get; }
    public double ReadVoltage { get; }

    /// <summary>The draw <paramref name="drawIndex"/> of a point: one reader per state (x = k/(K-1) plus error).</summary>
    public IReadOnlyList<ReaderDraw> Draw(CellReadPoint point, FlashAdcDesign adc, long seed, int drawIndex)
    {
        var v = point.McRuns == 0 ? ReadVariability.None : Variability;
        var rng = new Random(SeedMixer.Mix(seed, SeedMixer.Key(point.Tmr0), point.States, point.Bits, drawIndex));
        var normal = new Normal(0, 1, rng);
        int m = adc.Comparators;
        var offsets = Enumerable.Range(0, m).Select(_ => v.ComparatorOffsetSigma * normal.Sample()).ToArray();
        var ladder = Enumerable.Range(0, m + 1).Select(_ => Math.Max(0.01, 1 + v.LadderMismatchSigma * normal.Sample())).ToArray();
        var draws = new List<ReaderDraw>(point.States);
        for (int k = 0; k < point.States; k++)
        {
            double gp = 1.0 / (MtjReadCell.DefaultParallelResistance * Math.Exp(v.SigmaLnResistance * normal.Sample()));
            double tmr = point.Tmr0 * Math.Exp(v.SigmaLnTmr * normal.Sample());
            double x0 = k / (double)(point.States - 1);
            double x = Math.Clamp(x0 + v.ProgrammingSigma(x0) * normal.Sample(), 0, 1);
            var cell = new MtjReadCell(gp, tmr, MtjReadCell.DefaultHalfBiasVoltage, x);
            draws.Add(new ReaderDraw(cell, offsets, ladder, k));
        }
        return draws;
    }

    /// <summary>The circuit and ADC this Monte Carlo reads a point with (fixed R_L, equal-risk references).</summary>
    public (CellReadCircuit Circuit, FlashAdcDesign Adc) Design(CellReadPoint point)
    {
        var circuit = point.Circuit(ReadVoltage, DesignTmr);
        return (circuit, point.Adc(circuit, Comparator, Variability));
    }

    /// <summary>Simulated window (s): long enough for the slowest state to settle through the bit-line RC and the comparators.</summary>
    public static double StopTime(CellReadCircuit circuit, FlashAdcDesign adc)
    {
        double c = circuit.BitLineCapacitance + adc.Comparators * adc.Comparator.InputCapacitance;
        double gMin = 1.0 / circuit.LoadResistance; // the slowest possible node: cell fully off
        return 30 * c / gMin + 20 * adc.Comparator.TimeConstant + circuit.RiseTime;
    }

    /// <summary>Runs one point on <paramref name="workers"/> parallel simulations; reports finished draws.</summary>
    public CellReadResult Run(CellReadPoint point, long seed, int workers, IProgress<int>? drawsDone = null, CancellationToken ct = default)
    {
        var (circuit, adc) = Design(point);
        int runs = Math.Max(1, point.McRuns);
        double stop = StopTime(circuit, adc);
        var batches = Enumerable.Range(0, (runs + DrawsPerNetlist - 1) / DrawsPerNetlist)
            .Select(b => Enumerable.Range(b * DrawsPerNetlist, Math.Min(DrawsPerNetlist, runs - b * DrawsPerNetlist)).ToArray())
            .ToArray();
        var perDraw = new (double Latency, double Energy, int Errors)[runs];
        try
        {
            Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers), CancellationToken = ct }, batch =>
                RunBatch(point, seed, circuit, adc, stop, batch, perDraw, drawsDone, ct));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report the first failure as itself (a ReadSimulationException), not wrapped.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return new CellReadResult(point.Tmr0, point.States, point.Bits,
            perDraw.Average(d => d.Latency) * 1e9,
            perDraw.Average(d => d.Energy) * 1e15,
            perDraw.Sum(d => d.Errors) / (double)(runs * point.States),
            point.McRuns);
    }

    private void RunBatch(CellReadPoint point, long seed, CellReadCircuit circuit, FlashAdcDesign adc, double stop, int[] batch,
        (double Latency, double Energy, int Errors)[] perDraw, IProgress<int>? drawsDone, CancellationToken ct)
    {
        var readers = batch.SelectMany(d => Draw(point, adc, seed, d)).ToList();
        var net = CellReaderNetlist.Build(circuit, adc, readers);
        var result = Runner.Run(new TransientRequest(net.Circuit, stop, stop / 400, net.Vectors), ct);
        for (int i = 0; i < batch.Length; i++)
        {
            var outcomes = new ReadOutcome[point.States];
            for (int k = 0; k < point.States; k++)
                outcomes[k] = ReadTransientAnalysis.Analyze(result, net.Probes[i * point.States + k]);
            double period = outcomes.Where(o => o.Settled).Select(o => o.Latency).DefaultIfEmpty(stop).Max();
            double energy = 0;
            int errors = 0;
            for (int k = 0; k < point.States; k++)
            {
                energy += ReadTransientAnalysis.Energy(result, net.Probes[i * point.States + k], period);
                if (!outcomes[k].Settled || outcomes[k].FinalCode != k) errors++;
            }
            perDraw[batch[i]] = (period, energy / point.States, errors);
        }
        drawsDone?.Report(batch.Length);
    }
}
