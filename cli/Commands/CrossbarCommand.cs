using System.CommandLine;
using System.Globalization;
using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;
using Xbar.Circuits.IO;
using Xbar.Circuits.Nodal;
using Xbar.Devices.Arrays;
using Xbar.Devices.NonIdealities;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar crossbar`: programs an M x N array of multi-state cells, applies word-line input vectors
/// and writes the column currents, solved by the exact nodal solver or by ngspice.
/// </summary>
public sealed class CrossbarCommand : ICliCommand
{
    public Command Create()
    {
        var rows = new Option<int?>("--rows") { Description = "Number of word lines M (required unless --g or --r gives the array)." };
        var cols = new Option<int?>("--cols") { Description = "Number of bit lines N (required unless --g or --r gives the array)." };
        var gFile = new Option<FileInfo?>("--g") { Description = "Ohmic cells from this conductance matrix (S, M lines of N values, .csv or .npy) instead of --device/--levels." };
        var rFile = new Option<FileInfo?>("--r") { Description = "Ohmic cells from this resistance matrix (Ohm, M lines of N values, .csv or .npy) instead of --device/--levels." };
        var device = new Option<string>("--device") { Description = "Cell device: mtj, rram, pcm or linear.", DefaultValueFactory = _ => "mtj" };
        var states = new Option<int>("--states") { Description = "Number of programmable states K per cell.", DefaultValueFactory = _ => 4 };
        var wireR = new Option<double>("--wire-r") { Description = "Word-line wire resistance per segment (Ohm); also the bit line's unless --wire-r-bl.", DefaultValueFactory = _ => 1.0 };
        var wireRbl = new Option<double?>("--wire-r-bl") { Description = "Bit-line wire resistance per segment (Ohm)." };
        var driverR = new Option<double>("--driver-r") { Description = "Word-line driver output resistance (Ohm).", DefaultValueFactory = _ => 0.0 };
        var levels = new Option<FileInfo?>("--levels") { Description = "State index of every cell: M lines of N integers (.csv or .npy)." };
        var seed = new Option<int>("--seed") { Description = "Seed for random levels and inputs when not given.", DefaultValueFactory = _ => 1 };
        var inputs = new Option<FileInfo?>("--inputs") { Description = "Word-line voltages (V), one input vector of M values per line (.csv or .npy)." };
        var vectors = new Option<int>("--vectors") { Description = "Number of random input vectors (uniform 0..0.2 V) when --inputs is absent.", DefaultValueFactory = _ => 1 };
        var engineName = new Option<string>("--engine") { Description = "Solver: nodal (exact, fast) or ngspice.", DefaultValueFactory = _ => "nodal" };
        var netlistOut = new Option<FileInfo?>("--netlist-out") { Description = "Write the SPICE netlist (first input vector) to this file." };
        var output = new Option<FileInfo?>("--out") { Description = "Column currents (A), one line of N values per input vector (.csv or .npy); stdout when absent." };
        var spread = new Option<double>("--spread") { Description = "Device-to-device spread: standard deviation of ln R (0.05 is about 5 %).", DefaultValueFactory = _ => 0 };
        var sigmaNl = new Option<double>("--sigma-nl") { Description = "Systematic per-state resistance offset sigma_NL (Ohm), one draw per state for the whole array (Moureaux 2026).", DefaultValueFactory = _ => 0 };
        var sigmaPerp = new Option<double>("--sigma-perp") { Description = "Random per-cell resistance offset sigma_perp (Ohm), one draw per cell (Moureaux 2026).", DefaultValueFactory = _ => 0 };
        var programming = new Option<double>("--programming-sigma") { Description = "Gaussian programming error of every cell's conductance (S).", DefaultValueFactory = _ => 0 };
        var command = new Command("crossbar", "Solve a crossbar with wire resistance (IR drop) for one or more input vectors.");
        foreach (var o in new Option[] { rows, cols, gFile, rFile, device, states, wireR, wireRbl, driverR, levels, seed, inputs, vectors, engineName, netlistOut, output, spread, sigmaNl, sigmaPerp, programming })
            command.Options.Add(o);

        command.SetAction(parse =>
        {
            try
            {
                var given = CellMatrixFile.Read(parse.GetValue(gFile)?.FullName, parse.GetValue(rFile)?.FullName);
                if (given is not null && parse.GetValue(levels) is not null)
                    throw new InvalidInputException("--levels programs device states; with --g or --r the file gives every cell already");
                int m = ArraySize(parse.GetValue(rows), given?.Rows, "--rows"), n = ArraySize(parse.GetValue(cols), given?.Cols, "--cols");
                int k = parse.GetValue(states), s = parse.GetValue(seed);
                MemoryBudget.Ensure(MemoryBudget.CrossbarBytes(m, n, parse.GetValue(vectors)), $"--rows {m} --cols {n}");
                double rw = parse.GetValue(wireR);
                var spec = new CrossbarSpec(m, n, rw, parse.GetValue(wireRbl) ?? rw, parse.GetValue(driverR));
                string engine = (parse.GetValue(engineName) ?? "nodal").Trim().ToLowerInvariant();
                if (engine is not ("nodal" or "ngspice"))
                    throw new InvalidInputException($"--engine must be nodal or ngspice (got '{engine}')");

                var model = Xbar.Devices.DeviceCatalog.Create(parse.GetValue(device) ?? "mtj", k);
                int[,] stateMatrix;
                if (given is not null) stateMatrix = new int[0, 0];
                else if (parse.GetValue(levels) is { } levelsFile)
                {
                    stateMatrix = MatrixFile.ReadInts(levelsFile.FullName);
                    if (stateMatrix.GetLength(0) != m || stateMatrix.GetLength(1) != n)
                        throw new InvalidInputException(
                            $"{levelsFile.FullName}: has {stateMatrix.GetLength(0)} lines of {stateMatrix.GetLength(1)} values but --rows {m} --cols {n} need {m} lines of {n}");
                }
                else stateMatrix = CrossbarFactory.RandomStates(m, n, model.States, s);
                // Variations drawn from --seed, so the same command programs the same cells.
                var nonIdealities = new DeviceNonIdealities
                {
                    Spread = new DeviceSpread { SigmaLnResistance = parse.GetValue(spread) },
                    Offsets = new StateOffsets { SigmaNl = parse.GetValue(sigmaNl), SigmaPerp = parse.GetValue(sigmaPerp) },
                    Programming = parse.GetValue(programming) is > 0 and var sg ? new GaussianProgrammingError { SigmaSiemens = sg } : ProgrammingError.None,
                };
                var cells = given ?? CellArrayFactory.Program(model, stateMatrix, nonIdealities, s);

                double[,] x;
                if (parse.GetValue(inputs) is { } inputsFile)
                {
                    x = MatrixFile.ReadDoubles(inputsFile.FullName);
                    if (x.GetLength(1) != m)
                        throw new InvalidInputException($"{inputsFile.FullName}: input vectors have {x.GetLength(1)} values but the crossbar has {m} rows");
                }
                else
                {
                    int count = parse.GetValue(vectors);
                    if (count < 1) throw new InvalidInputException($"--vectors must be at least 1 (got {count})");
                    x = CrossbarFactory.RandomInputs(count, m, 0.2, s);
                }
                int inputCount = x.GetLength(0);
                MemoryBudget.Ensure(MemoryBudget.CrossbarBytes(m, n, inputCount), $"--rows {m} --cols {n} with {inputCount} input vectors");
                if (parse.GetValue(netlistOut) is { } netlistFile)
                    Output.OutputFile.WriteText(netlistFile.FullName, CrossbarNetlistBuilder.Build(spec, cells, InputRow(x, 0), $"xbar crossbar {m}x{n} {model.Name}"), "--netlist-out");

                var currents = new double[inputCount, n];
                if (engine == "nodal")
                {
                    // Many vectors on linear cells: one transfer matrix and a matrix product (exact);
                    // otherwise per-vector solves, warm-started (ProgrammedCrossbar chooses by batch size).
                    currents = new NodalCrossbarSolver().ColumnCurrents(spec, cells, x);
                }
                else
                {
                    using var ngspice = new NgspiceEngine();
                    for (int v = 0; v < inputCount; v++)
                    {
                        var op = ngspice.RunText(CrossbarNetlistBuilder.Build(spec, cells, InputRow(x, v))).OperatingPoint;
                        for (int j = 0; j < n; j++) currents[v, j] = op.BranchCurrent(CrossbarNodes.ColumnSource(j));
                    }
                }

                if (parse.GetValue(output) is { } outFile) MatrixFile.Write(outFile.FullName, currents);
                else
                    for (int v = 0; v < currents.GetLength(0); v++)
                        Console.Out.WriteLine(string.Join(",", Enumerable.Range(0, n).Select(j => currents[v, j].ToString("R", CultureInfo.InvariantCulture))));
                return ExitCodes.Success;
            }
            catch (ArgumentException e)
            {
                // A bad argument the device and array builders reject (InvalidInputException is the guard's, cli/InvalidInputGuardAction.cs).
                Console.Error.WriteLine(e.Message);
                return ExitCodes.InvalidInput;
            }
            catch (Exception e) when (e is SimulationException or NodalSolverException)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.SimulationFailed;
            }
        });
        return command;
    }

    /// <summary>Input vector <paramref name="v"/> (row v of <paramref name="x"/>) for the netlist writer and ngspice.</summary>
    private static double[] InputRow(double[,] x, int v)
    {
        var row = new double[x.GetLength(1)];
        for (int i = 0; i < row.Length; i++) row[i] = x[v, i];
        return row;
    }

    /// <summary>The array size from the option or the cell file; both given must agree.</summary>
    private static int ArraySize(int? option, int? fromFile, string name)
    {
        if (option is { } o && fromFile is { } f && o != f)
            throw new InvalidInputException($"{name} {o} disagrees with the cell matrix file, which has {f}");
        return option ?? fromFile ?? throw new InvalidInputException($"{name} is required (or give the cells with --g or --r)");
    }
}
