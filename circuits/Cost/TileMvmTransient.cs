using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;
using Xbar.Circuits.Nodal.Transient;
using Xbar.Circuits.ReadCircuits;
using Xbar.Devices;

namespace Xbar.Circuits.Cost;

/// <summary>
/// One tile MVM as a circuit transient, and its cost at any ADC resolution. The tile of a
/// <see cref="TileCostConfig"/> is programmed with uniformly random states (seeded), driven by an
/// input vector drawn from <see cref="InputStatistics"/> (seeded), and simulated with wire R and C by
/// the nodal transient solver or by ngspice. From the transient:
/// <list type="bullet">
/// <item>amplitude encoding: each column's current is followed by its TIA (single pole, see
/// <see cref="ReadoutTimeConstant"/>); the MVM is read when every TIA output is within half an LSB
/// (I_FS / 2^b) of the settled value, which is the exact DC solve of the final inputs;</item>
/// <item>pulse-width encoding: each column's charge is integrated; the MVM is read when every
/// integrator output is within half an LSB (I_FS T_window / 2^b) of the total charge.</item>
/// </list>
/// The array's energies (drivers' output resistance, wires, cells, stored line energy) are those
/// of the transient window, extended at the settled power when the read-out settles later; the
/// periphery's come from <see cref="AdcModel"/>, <see cref="PeripheryFigures"/> and the read-out's static power.
/// </summary>
public sealed class TileMvmTransient
{
    private readonly double[] _settled;
    private readonly double _appliedAt;

    private TileMvmTransient(TileCostConfig config, InputStatistics inputs, int seed, CrossbarTransientResult result,
        double[] settled, double endMismatch, double appliedAt)
    {
        _appliedAt = appliedAt;
        Config = config;
        Inputs = inputs;
        Seed = seed;
        Result = result;
        _settled = settled;
        EndMismatch = endMismatch;
    }

    public TileCostConfig Config { get; }
    public InputStatistics Inputs { get; }
    public int Seed { get; }

    /// <summary>The circuit transient.</summary>
    public CrossbarTransientResult Result { get; }

    /// <summary>
    /// How far the transient's last column currents are from the settled ones, relative to the full
    /// scale (amplitude encoding; 0 for pulse width): a check that the window was long enough.
    /// </summary>
    public double EndMismatch { get; }

    /// <summary>When the inputs are all applied (s); see <see cref="AppliedAt(TileCostConfig)"/>.</summary>
    public double InputsApplied => _appliedAt;

    /// <summary>End of the simulated window (s).</summary>
    public double WindowEnd => Result.Time[^1];

    /// <summary>
    /// Simulates one MVM. <paramref name="ngspice"/> null runs the nodal transient solver; otherwise
    /// the same circuit runs in ngspice through that runner.
    /// </summary>
    public static TileMvmTransient Simulate(TileCostConfig config, InputStatistics inputs, int seed, ITransientRunner? ngspice = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(inputs);
        config.Validate();
        var spec = config.Circuit();
        var cell = config.Cell;
        var states = CrossbarFactory.RandomStates(spec.Rows, spec.Cols, cell.States, seed);
        var cells = CrossbarFactory.Program(cell.Device, cell.States, states);
        var x = inputs.Draw(spec.Rows, seed);
        var (drive, options) = Stimulus(config, spec, x);
        var result = ngspice is null
            ? new CrossbarTransientSolver().Run(spec, cells, drive, options)
            : CrossbarTransientNetlist.Run(ngspice, spec, cells, drive, options, ct);
        double[] settled;
        double mismatch = 0;
        if (config.In.Kind == InputEncodingKind.Amplitude)
        {
            var finalVolts = Enumerable.Range(0, spec.Rows).Select(i => drive.Voltage(i, double.PositiveInfinity)).ToArray();
            settled = new NodalCrossbarSolver().Solve(spec.Array, cells, finalVolts).ColumnCurrents;
            double fs = config.FullScaleCurrent;
            for (int j = 0; j < spec.Cols; j++)
                mismatch = Math.Max(mismatch, Math.Abs(result.FinalColumnCurrents[j] - settled[j]) / fs);
        }
        else
            settled = Enumerable.Range(0, spec.Cols).Select(j => ReadoutSettling.Integrate(result.Time, result.Column(j))[^1]).ToArray();
        return new TileMvmTransient(config, inputs, seed, result, settled, mismatch, AppliedAt(config));
    }

    /// <summary>
    /// The drive and the time grid of one MVM. The lines' settling time is estimated by an
    /// Elmore-style sum, tau = (R_drv + n R_w) n C_w + m R_b m C_b; amplitude inputs are simulated for
    /// the rise time plus 15 tau (at least half a rise time more), pulse-width inputs until 15 tau
    /// after the window ends. Steps: half of tau within a two-hundredth and a twentieth of the rise
    /// time (amplitude; refined to tau / 4, down to a two-thousandth of the rise, after every corner
    /// of the drive), or half a clock (pulse width).
    /// </summary>
    public static (WordLineDrive Drive, TransientOptions Options) Stimulus(TileCostConfig config, TransientCrossbarSpec spec, double[] x)
    {
        double tau = LineTimeConstant(spec);
        double rise = config.Arr.RiseTimeS, v = config.Arr.ReadVoltageV;
        if (config.In.Kind == InputEncodingKind.Amplitude)
        {
            var drive = WordLineDrive.Amplitude(x.Select(xi => xi * v).ToArray(), rise);
            double step = Math.Clamp(tau / 2, rise / 200, rise / 20);
            double fine = Math.Clamp(tau / 4, rise / 2000, step);
            return (drive, new TransientOptions(step, AmplitudeWindow(config)) { FineStep = fine });
        }
        else
        {
            double clock = config.Tech.ClockPeriod, levels = Math.Pow(2, config.In.DacBits);
            var widths = x.Select(xi => Math.Round(xi * levels) * clock).ToArray();
            var drive = WordLineDrive.PulseWidth(widths, v, rise);
            // The window is 2^D clock periods long while the lines settle in picoseconds: steps of
            // half a clock with every pulse corner on the grid, no refinement after the corners
            // (BDF2 is L-stable, and the lines' charging energy missed at a corner, ~C V^2 / 2 per
            // line, is below 1e-3 of a pulse's resistive energy).
            double stop = AppliedAt(config) + 15 * tau + rise;
            double step = Math.Max(Math.Min(clock / 2, rise * 5), stop / 20000);
            return (drive, new TransientOptions(step, stop));
        }
    }

    /// <summary>
    /// When the inputs are all applied (s), before which nothing is read: the rise of the word lines
    /// (amplitude), or the full window of 2^D clock periods and the fall of a full-scale pulse (pulse
    /// width: a synchronous read closes the integration window at its end whatever the inputs).
    /// </summary>
    public static double AppliedAt(TileCostConfig config) => config.In.Kind == InputEncodingKind.Amplitude
        ? config.Arr.RiseTimeS
        : config.PulseWindow + config.Arr.RiseTimeS;

    /// <summary>The lines' settling estimate tau = (R_drv + n R_w) n C_w + m R_b m C_b (s), an Elmore-style sum over a word line and a bit line.</summary>
    public static double LineTimeConstant(TransientCrossbarSpec spec)
    {
        var a = spec.Array;
        int m = spec.Rows, n = spec.Cols;
        return (a.DriverResistance + n * a.WordLineSegmentResistance) * n * spec.WordLineSegmentCapacitance
               + m * a.BitLineSegmentResistance * m * spec.BitLineSegmentCapacitance;
    }

    /// <summary>The simulated window of an amplitude MVM (s): the rise time plus 15 line time constants, at least half a rise time more.</summary>
    public static double AmplitudeWindow(TileCostConfig config) =>
        config.Arr.RiseTimeS + Math.Max(15 * LineTimeConstant(config.Circuit()), 0.5 * config.Arr.RiseTimeS);

    /// <summary>
    /// Time constant of the column read-out (s). TIA: feedback R_f = V_FS / I_FS and, for a
    /// Butterworth-like response against the bit-line capacitance C_in, C_f = sqrt(C_in / (2 pi R_f GBW))
    /// (TiaDesign, after Graeme, "Photodiode Amplifiers", 1996), so tau = R_f C_f, but never faster
    /// than the op-amp itself, 1 / (2 pi GBW). Integrator: 1 / (2 pi GBW).
    /// </summary>
    public static double ReadoutTimeConstant(TileCostConfig config)
    {
        double gbw = config.Read.GainBandwidthHz, floor = 1 / (2 * Math.PI * gbw);
        if (config.In.Kind == InputEncodingKind.PulseWidth) return floor;
        var spec = config.Circuit();
        double cin = spec.Rows * spec.BitLineSegmentCapacitance;
        double rf = config.Read.FullScaleV / config.FullScaleCurrent;
        double cf = Math.Sqrt(Math.Max(cin, 1e-18) / (2 * Math.PI * rf * gbw));
        return Math.Max(rf * cf, floor);
    }

    /// <summary>The cost at the config's ADC type and resolution.</summary>
    public MvmCost Cost() => Cost(Config.Conv.Bits, Config.Conv.Kind);

    /// <summary>The cost of this MVM read by a <paramref name="bits"/>-bit ADC of kind <paramref name="kind"/>.</summary>
    public MvmCost Cost(int bits, AdcKind kind)
    {
        var c = Config;
        int n = c.Arr.Cols;
        var time = Result.Time;
        bool amplitude = c.In.Kind == InputEncodingKind.Amplitude;
        double fullScale = amplitude ? c.FullScaleCurrent : c.FullScaleCurrent * c.PulseWindow;
        double band = 0.5 * fullScale / Math.Pow(2, bits);
        double tau = ReadoutTimeConstant(c);
        double tArray = 0, tRead = 0;
        for (int j = 0; j < n; j++)
        {
            var u = amplitude ? Result.Column(j) : ReadoutSettling.Integrate(time, Result.Column(j));
            tArray = Math.Max(tArray, ReadoutSettling.SettleTime(time, u, _settled[j], band));
            tRead = Math.Max(tRead, ReadoutSettling.FilteredSettleTime(time, u, _settled[j], band, tau));
        }
        // Nothing is read before the inputs are all applied (AppliedAt), even when a column's value
        // is within half an LSB of its final value from the start.
        tArray = Math.Max(tArray, _appliedAt);
        tRead = Math.Max(tRead, tArray);
        double extra = HoldBeyondWindow(tRead);
        var e = Result.Energy;
        var p = Result.FinalPowers;
        return MvmCostAssembly.Assemble(c, bits, kind, e.Driver + p.Driver * extra, e.Cells + p.Cells * extra,
            e.Wires + p.Wires * extra + e.Stored, tArray, tRead);
    }

    /// <summary>
    /// How long the inputs stay applied after the simulated window (s): with amplitude encoding the
    /// array keeps dissipating its settled power until the read-out has settled at <paramref name="readTime"/>.
    /// </summary>
    private double HoldBeyondWindow(double readTime) =>
        Config.In.Kind == InputEncodingKind.Amplitude ? Math.Max(0, readTime - Result.Time[^1]) : 0;

    /// <summary>The settled value of every column (A for amplitude, C for pulse width).</summary>
    public IReadOnlyList<double> Settled => _settled;
}
