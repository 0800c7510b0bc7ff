using System.Runtime.CompilerServices;

// The tests check internal numerical paths (the BLAS form of the partial sums) against their plain form.
[assembly: InternalsVisibleTo("Xbar.Behavioral.Tests")]
