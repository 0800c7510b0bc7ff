using Xbar.Circuits.Crossbars;
using Xbar.Devices;

namespace Xbar.Circuits.Nodal.Transient;

/// <summary>
/// Transient of a crossbar with wire resistance and capacitance in the nodal formulation: at every
/// time point the nodal equations of the DC solver plus, at each node, the capacitor's companion
/// model of the integration formula (a conductance C a0 to ground and a current from the node's
/// history), solved by <see cref="TransientLineSystem"/>. Bias-dependent cells are linearised by
/// Newton at each step, as in the DC solver (g = dI/dV floored at gmin, plus the current I - g V).
/// Integration is BDF2 (Gear order 2) on the grid of <see cref="TransientOptions"/>, the first step
/// backward Euler. Powers are accounted by <see cref="TransientPowers"/> at every point.
/// </summary>
/// <remarks>Thread-safe: every run has its own buffers.</remarks>
public sealed class CrossbarTransientSolver
{
    public const string EngineName = "nodal";

    /// <summary>Runs the transient of <paramref name="cells"/> in <paramref name="spec"/> driven by <paramref name="drive"/>.</summary>
    public CrossbarTransientResult Run(TransientCrossbarSpec spec, ICellArray cells, WordLineDrive drive, TransientOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(drive);
        ArgumentNullException.ThrowIfNull(options);
        spec.Array.CheckShape(cells);
        if (drive.Rows != spec.Rows)
            throw new InvalidInputException($"the drive has {drive.Rows} word lines but the crossbar has {spec.Rows} rows");
        var seen = new CrossbarNodes(spec.Array).CellsAsSeen(cells);
        int m = spec.Rows, n = spec.Cols, size = m * n;
        var sys = new TransientLineSystem(m, n, spec.Array.WordLineSegmentResistance, spec.Array.BitLineSegmentResistance,
            spec.Array.DriverResistance);
        var powers = new TransientPowers(spec, seen);
        double cw = spec.WordLineSegmentCapacitance, cb = spec.BitLineSegmentCapacitance, gD = 1.0 / spec.Array.DriverResistance;
        var grid = TimeGrid(options, drive);
        var w = new double[size]; var b = new double[size];
        var wPrev = new double[size]; var bPrev = new double[size];   // v_n
        var wPrev2 = new double[size]; var bPrev2 = new double[size]; // v_{n-1}
        var rW = new double[size]; var rB = new double[size];
        var current = new double[size];
        var sources = new double[m];
        var columnRows = new double[grid.Length][];
        var instants = new TransientPowers.Instant[grid.Length];
        columnRows[0] = new double[n];
        instants[0] = powers.At(sources, w, b);
        double vScale = Math.Max(drive.MaxAbsVoltage, 1e-30), vTol = options.VoltageTolerance * vScale;
        double factoredA0 = double.NaN;
        long newton = 0;
        for (int s = 1; s < grid.Length; s++)
        {
            double h = grid[s] - grid[s - 1];
            // BDF2 with variable step (omega = h_n / h_{n-1}); backward Euler on the first step.
            double a0, a1, a2;
            if (s == 1) { a0 = 1 / h; a1 = -1 / h; a2 = 0; }
            else
            {
                double omega = h / (grid[s - 1] - grid[s - 2]);
                a0 = (1 + 2 * omega) / ((1 + omega) * h);
                a1 = -(1 + omega) / h;
                a2 = omega * omega / ((1 + omega) * h);
            }
            for (int i = 0; i < m; i++) sources[i] = drive.Voltage(i, grid[s]);
            for (int k = 0; k < size; k++) { sys.ShuntW[k] = cw * a0; sys.ShuntB[k] = cb * a0; }
            // The start of Newton: the last solution (already in w, b).
            for (int it = 0; ; it++)
            {
                if (it >= options.MaxNewtonIterations)
                    throw new NodalSolverException($"transient solver: Newton did not converge in {options.MaxNewtonIterations} iterations at t = {grid[s]:g4} s");
                Array.Clear(rW); Array.Clear(rB);
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < m; i++)
                    {
                        int k = j * m + i;
                        double v = w[k] - b[k];
                        double g, c;
                        if (seen.IsLinear) { g = seen.Conductance(i, j, 0.0); c = 0; }
                        else
                        {
                            double cur = seen.Current(i, j, v);
                            g = Math.Max(seen.Conductance(i, j, v), options.Gmin);
                            c = cur - g * v;
                        }
                        sys.G[k] = g;
                        rW[k] = -c - cw * (a1 * wPrev[k] + a2 * wPrev2[k]);
                        rB[k] = c - cb * (a1 * bPrev[k] + a2 * bPrev2[k]);
                    }
                for (int i = 0; i < m; i++) rW[i] += gD * sources[i];
                if (!seen.IsLinear || a0 != factoredA0)
                {
                    sys.Factor();
                    factoredA0 = a0;
                }
                Array.Copy(w, current, size);
                double moved = 0;
                sys.Solve(rW, rB, w, b, options.LinearTolerance, 20 * (m + n) + 200);
                for (int k = 0; k < size; k++) moved = Math.Max(moved, Math.Abs(w[k] - current[k]));
                newton++;
                if (seen.IsLinear || moved <= vTol) break;
            }
            Array.Copy(wPrev, wPrev2, size); Array.Copy(bPrev, bPrev2, size);
            Array.Copy(w, wPrev, size); Array.Copy(b, bPrev, size);
            var columns = new double[n];
            for (int j = 0; j < n; j++) columns[j] = powers.ColumnCurrent(b, j);
            columnRows[s] = columns;
            instants[s] = powers.At(sources, w, b);
        }
        return new CrossbarTransientResult(EngineName, grid, columnRows, TransientEnergy.Integrate(grid, instants),
            instants[^1], newton, sys.Iterations);
    }

    /// <summary>
    /// The time points: 0, every multiple of the step up to the stop time, every breakpoint of the
    /// drive inside the window and, after 0 and each breakpoint, the refinement of
    /// <see cref="TransientOptions.FineStep"/> (steps doubling up to the base step); points closer
    /// than 1 % of the fine step to another are merged.
    /// </summary>
    public static double[] TimeGrid(TransientOptions options, WordLineDrive drive)
    {
        double h = options.TimeStep, stop = options.StopTime, fine = Math.Min(options.FineStep ?? h, h);
        var breaks = drive.Breakpoints().Where(t => t >= 0 && t < stop).Append(0.0).Distinct().ToArray();
        var points = new List<double> { 0, stop };
        int steps = (int)Math.Ceiling(stop / h - 1e-9);
        for (int k = 1; k < steps; k++) points.Add(k * h);
        foreach (double bp in breaks)
        {
            points.Add(bp);
            for (double d = fine; d < h; d *= 2)
                if (bp + d < stop) points.Add(bp + d);
        }
        points.Sort();
        var grid = new List<double> { points[0] };
        foreach (double t in points)
            if (t - grid[^1] > 0.01 * fine) grid.Add(t);
        if (grid[^1] < stop) grid[^1] = stop;
        return grid.ToArray();
    }
}
