using System.Globalization;
using Xbar.Circuits.Crossbars;

namespace Xbar.Circuits.Nodal.Transient;

/// <summary>
/// A crossbar for transient analysis: the resistive circuit of <see cref="CrossbarSpec"/> plus the
/// wire capacitance of every segment, lumped to ground at the node the segment leads to: each
/// word-line node (i, j) carries <see cref="WordLineSegmentCapacitance"/> and each bit-line node
/// (i, j) carries <see cref="BitLineSegmentCapacitance"/> (F), so a line of n cells has n segments'
/// worth of capacitance, as the ngspice netlist of <see cref="CrossbarTransientNetlist"/> writes it.
/// </summary>
/// <remarks>
/// The transient circuit needs a real driver and real wires: the driver resistance and both
/// segment resistances must be positive (every node stays a node of its own), and the columns end
/// at a virtual ground (the summing node of a TIA or charge integrator). Immutable; validated at
/// construction with an <see cref="InvalidInputException"/> naming the field.
/// </remarks>
public sealed record TransientCrossbarSpec
{
    public TransientCrossbarSpec(CrossbarSpec array, double wordLineSegmentCapacitance, double bitLineSegmentCapacitance)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (!(array.DriverResistance > 0))
            throw new InvalidInputException($"driver resistance must be positive for a transient (got {F(array.DriverResistance)} Ohm)");
        if (!(array.WordLineSegmentResistance > 0))
            throw new InvalidInputException($"word-line segment resistance must be positive for a transient (got {F(array.WordLineSegmentResistance)} Ohm)");
        if (!(array.BitLineSegmentResistance > 0))
            throw new InvalidInputException($"bit-line segment resistance must be positive for a transient (got {F(array.BitLineSegmentResistance)} Ohm)");
        if (array.Termination != ColumnTermination.VirtualGround)
            throw new InvalidInputException("a transient crossbar ends its columns at a virtual ground (TIA or integrator input)");
        Array = array;
        WordLineSegmentCapacitance = Capacitance(wordLineSegmentCapacitance, "word-line segment capacitance");
        BitLineSegmentCapacitance = Capacitance(bitLineSegmentCapacitance, "bit-line segment capacitance");
    }

    /// <summary>The resistive crossbar (driver, segments, cells' access resistance, termination).</summary>
    public CrossbarSpec Array { get; }

    /// <summary>Capacitance to ground of one word-line segment, lumped at each word-line node (F, >= 0).</summary>
    public double WordLineSegmentCapacitance { get; }

    /// <summary>Capacitance to ground of one bit-line segment, lumped at each bit-line node (F, >= 0).</summary>
    public double BitLineSegmentCapacitance { get; }

    public int Rows => Array.Rows;
    public int Cols => Array.Cols;

    /// <summary>A purely resistive crossbar (no capacitance): every instant is a DC operating point.</summary>
    public static TransientCrossbarSpec Resistive(CrossbarSpec array) => new(array, 0, 0);

    private static double Capacitance(double value, string field)
    {
        if (!double.IsFinite(value) || value < 0)
            throw new InvalidInputException($"{field} must be a finite number >= 0 F (got {F(value)})");
        return value;
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
