using System.Globalization;
using System.Text;

namespace Xbar.Circuits.IO;

/// <summary>
/// Reads and writes numeric matrices as CSV: one row per line, values separated by commas (or
/// whitespace / semicolons), invariant culture, blank lines and lines starting with '#' skipped.
/// Every error names the file and line (<c>file:line: problem</c>).
/// </summary>
public static class CsvMatrix
{
    private static readonly char[] Separators = [',', ';', ' ', '\t'];

    /// <summary>Reads a rectangular matrix of finite doubles.</summary>
    public static double[,] ReadDoubles(string path)
    {
        var rows = ReadRows(path, (text, file, line, col) =>
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double x))
                throw InvalidInputException.At(file, line, $"column {col}: '{text}' is not a number");
            if (!double.IsFinite(x))
                throw InvalidInputException.At(file, line, $"column {col}: '{text}' is not a finite number");
            return x;
        });
        return ToMatrix(rows);
    }

    /// <summary>Reads a rectangular matrix of integers.</summary>
    public static int[,] ReadInts(string path)
    {
        var rows = ReadRows(path, (text, file, line, col) =>
        {
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int x)) return x;
            // Accept integral floats such as "3.0" written by numpy.savetxt.
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue)
                return (int)d;
            throw InvalidInputException.At(file, line, $"column {col}: '{text}' is not an integer");
        });
        return ToMatrix(rows);
    }

    /// <summary>Writes a matrix, one row per line, values in round-trip form.</summary>
    public static void Write(string path, double[,] values)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < values.GetLength(0); i++)
        {
            for (int j = 0; j < values.GetLength(1); j++)
            {
                if (j > 0) sb.Append(',');
                sb.Append(values[i, j].ToString("R", CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
    }

    private static List<T[]> ReadRows<T>(string path, Func<string, string, int, int, T> parse)
    {
        var text = Encoding.UTF8.GetString(MatrixFile.ReadBytes(path));
        var rows = new List<T[]>();
        int lineNo = 0, width = -1;
        foreach (string raw in text.Split('\n'))
        {
            lineNo++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var row = new T[fields.Length];
            for (int c = 0; c < fields.Length; c++) row[c] = parse(fields[c], path, lineNo, c + 1);
            if (width >= 0 && row.Length != width)
                throw InvalidInputException.At(path, lineNo, $"has {row.Length} values but earlier lines have {width}");
            width = row.Length;
            rows.Add(row);
        }
        if (rows.Count == 0) throw new InvalidInputException($"{path}: no data (the file is empty)");
        return rows;
    }

    private static T[,] ToMatrix<T>(List<T[]> rows)
    {
        var a = new T[rows.Count, rows[0].Length];
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < rows[i].Length; j++) a[i, j] = rows[i][j];
        return a;
    }
}
