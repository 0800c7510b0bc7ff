using System.Runtime.CompilerServices;

// The engine tests check how ngspice's printed messages are classified (NgspiceReplyInterpreter)
// with recorded message sequences, including failures that are hard to provoke on demand.
[assembly: InternalsVisibleTo("Xbar.Circuits.Tests")]
