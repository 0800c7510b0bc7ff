namespace Xbar.Devices;

/// <summary>State conductance levels of single-conductance devices (linear, RRAM, PCM), in S.</summary>
public static class ConductanceLevels
{
    /// <summary>
    /// <paramref name="states"/> levels uniform in conductance from <paramref name="min"/> to <paramref name="max"/> (S),
    /// or a validated copy of <paramref name="explicitLevels"/> (strictly increasing, finite, &gt;= 0, one per state).
    /// </summary>
    public static double[] Build(int states, double min, double max, IReadOnlyList<double>? explicitLevels, string owner)
    {
        if (explicitLevels is not null)
        {
            if (explicitLevels.Count != states)
                throw new InvalidInputException($"{owner}.Levels has {explicitLevels.Count} entries but {owner}.States is {states}.");
            var copy = explicitLevels.ToArray();
            for (int k = 0; k < copy.Length; k++)
            {
                Guard.NonNegative(copy[k], $"{owner}.Levels[{k}]", "S");
                if (k > 0 && copy[k] <= copy[k - 1])
                    throw new InvalidInputException($"{owner}.Levels must be strictly increasing; entry {k} ({Guard.Fmt(copy[k])} S) is not above entry {k - 1}.");
            }
            return copy;
        }
        if (max <= min)
            throw new InvalidInputException($"{owner}.MaxConductance ({Guard.Fmt(max)} S) must exceed {owner}.MinConductance ({Guard.Fmt(min)} S).");
        var levels = new double[states];
        for (int k = 0; k < states; k++)
            levels[k] = k == states - 1 ? max : min + (max - min) * k / (states - 1);
        return levels;
    }
}
