namespace Xbar.Circuits.Nodal;

/// <summary>
/// Sparse symmetric positive-definite solve by Cholesky factorisation in envelope (skyline)
/// storage after reverse Cuthill-McKee reordering (Cuthill and McKee, Proc. ACM 1969; George and
/// Liu, "Computer Solution of Large Sparse Positive Definite Systems", 1981, ch. 4). Fill stays
/// inside the profile, so a crossbar netlist costs about N * bandwidth^2.
/// </summary>
internal sealed class SkylineCholesky
{
    private readonly int _n;
    private readonly int[] _perm;      // new index -> old index
    private readonly int[] _first;     // first column stored in (new) row i
    private readonly double[][] _rows; // _rows[i][c - _first[i]] = L[i, c]

    /// <summary>Factors the symmetric matrix given by its diagonal and its off-diagonal entries (each pair once).</summary>
    /// <returns>Null when the matrix is not positive definite; then <paramref name="failedIndex"/> names the (old) row.</returns>
    public static SkylineCholesky? Factor(int n, double[] diagonal, IReadOnlyList<(int A, int B, double Value)> offDiagonal,
        out int failedIndex)
    {
        var adjacency = new List<int>[n];
        for (int i = 0; i < n; i++) adjacency[i] = [];
        foreach (var (a, b, _) in offDiagonal)
        {
            adjacency[a].Add(b);
            adjacency[b].Add(a);
        }
        var perm = ReverseCuthillMcKee(adjacency);
        var inverse = new int[n];
        for (int k = 0; k < n; k++) inverse[perm[k]] = k;
        var first = new int[n];
        for (int i = 0; i < n; i++) first[i] = i;
        foreach (var (a, b, _) in offDiagonal)
        {
            int i = inverse[a], j = inverse[b];
            if (i < j) (i, j) = (j, i);
            first[i] = Math.Min(first[i], j);
        }
        var rows = new double[n][];
        for (int i = 0; i < n; i++)
        {
            rows[i] = new double[i - first[i] + 1];
            rows[i][i - first[i]] = diagonal[perm[i]];
        }
        foreach (var (a, b, v) in offDiagonal)
        {
            int i = inverse[a], j = inverse[b];
            if (i < j) (i, j) = (j, i);
            rows[i][j - first[i]] += v;
        }
        // Row-oriented Cholesky inside the envelope.
        for (int i = 0; i < n; i++)
        {
            var ri = rows[i];
            int fi = first[i];
            for (int j = fi; j < i; j++)
            {
                var rj = rows[j];
                int fj = first[j];
                int k0 = Math.Max(fi, fj);
                double s = ri[j - fi];
                for (int k = k0; k < j; k++) s -= ri[k - fi] * rj[k - fj];
                ri[j - fi] = s / rj[j - fj];
            }
            double d = ri[i - fi];
            for (int k = fi; k < i; k++) d -= ri[k - fi] * ri[k - fi];
            if (!(d > 0) || d <= 1e-14 * Math.Abs(diagonal[perm[i]]))
            {
                failedIndex = perm[i];
                return null;
            }
            ri[i - fi] = Math.Sqrt(d);
        }
        failedIndex = -1;
        return new SkylineCholesky(n, perm, first, rows);
    }

    private SkylineCholesky(int n, int[] perm, int[] first, double[][] rows)
    {
        _n = n; _perm = perm; _first = first; _rows = rows;
    }

    /// <summary>Solves A x = b (both in the original ordering).</summary>
    public double[] Solve(double[] b)
    {
        var y = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            var ri = _rows[i];
            int fi = _first[i];
            double s = b[_perm[i]];
            for (int k = fi; k < i; k++) s -= ri[k - fi] * y[k];
            y[i] = s / ri[i - fi];
        }
        for (int i = _n - 1; i >= 0; i--)
        {
            var ri = _rows[i];
            int fi = _first[i];
            y[i] /= ri[i - fi];
            double yi = y[i];
            for (int k = fi; k < i; k++) y[k] -= ri[k - fi] * yi;
        }
        var x = new double[_n];
        for (int i = 0; i < _n; i++) x[_perm[i]] = y[i];
        return x;
    }

    /// <summary>Reverse Cuthill-McKee ordering of every connected component, each started from a low-degree node.</summary>
    private static int[] ReverseCuthillMcKee(List<int>[] adjacency)
    {
        int n = adjacency.Length;
        var order = new List<int>(n);
        var visited = new bool[n];
        var byDegree = Enumerable.Range(0, n).OrderBy(i => adjacency[i].Count).ThenBy(i => i).ToArray();
        foreach (int start in byDegree)
        {
            if (visited[start]) continue;
            // A pseudo-peripheral start: the last node of a BFS from the low-degree node.
            int root = LastOfBfs(adjacency, start);
            var queue = new Queue<int>();
            queue.Enqueue(root);
            visited[root] = true;
            while (queue.Count > 0)
            {
                int u = queue.Dequeue();
                order.Add(u);
                foreach (int w in adjacency[u].Where(w => !visited[w]).Distinct().OrderBy(w => adjacency[w].Count).ThenBy(w => w))
                {
                    visited[w] = true;
                    queue.Enqueue(w);
                }
            }
        }
        order.Reverse();
        return [.. order];
    }

    private static int LastOfBfs(List<int>[] adjacency, int start)
    {
        var seen = new HashSet<int> { start };
        var queue = new Queue<int>();
        queue.Enqueue(start);
        int last = start;
        while (queue.Count > 0)
        {
            last = queue.Dequeue();
            foreach (int w in adjacency[last])
                if (seen.Add(w)) queue.Enqueue(w);
        }
        return last;
    }
}
