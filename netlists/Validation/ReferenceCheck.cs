namespace Xbar.Netlists.Validation;

/// <summary>
/// Every name an element refers to must exist and fit: models of the right type, subcircuits
/// called with as many nodes as they have ports and only parameters they declare, controlling
/// sources that are voltage sources of the same scope. Also rejects a zero resistor, which
/// ngspice silently replaces by a small one (<see cref="ValueCheck"/>), and a voltage-controlled
/// voltage source that senses its own output (<c>E1 b 0 b 0 1</c>): V = gain V is singular for a
/// gain of 1 (ngspice reports a singular matrix, then returns whatever gmin stepping left) and a
/// 0 V short for any other gain.
/// </summary>
internal static class ReferenceCheck
{
    public static void Run(ValidationScope scope, List<NetlistDiagnostic> diagnostics)
    {
        void Error(Element e, string message) => diagnostics.Add(new(e.Location, $"{e.Name}: {message}"));

        foreach (var e in scope.Elements)
        {
            foreach (var problem in ValueCheck.Problems(e)) Error(e, problem);
            switch (e)
            {
                case Vcvs v when SensesOwnOutput(v):
                    Error(e, $"senses its own output (control nodes {v.ControlPositive} {v.ControlNegative} are its output nodes): " +
                             "V = gain * V has no unique solution for gain 1 and forces 0 V otherwise; use a resistor or a 0 V source");
                    break;
                case Diode d: Model(d.Model, ["d"]); break;
                case Mosfet m: Model(m.Model, ["nmos", "pmos"]); break;
                case VoltageSwitch s: Model(s.Model, ["sw"]); break;
                case CurrentSwitch w: Model(w.Model, ["csw"]); ControlSource(w.ControlSource); break;
                case Cccs f: ControlSource(f.ControlSource); break;
                case Ccvs h: ControlSource(h.ControlSource); break;
                case SubcircuitInstance x: Call(x); break;
            }

            void Model(string name, string[] types)
            {
                var model = scope.FindModel(name);
                if (model is null)
                    Error(e, $"undefined model '{name}'");
                else if (!types.Contains(model.Type, StringComparer.OrdinalIgnoreCase))
                    Error(e, $"model '{name}' has type '{model.Type}' but a {e.GetType().Name} needs {string.Join(" or ", types.Select(t => t.ToUpperInvariant()))}");
            }

            void ControlSource(string name)
            {
                if (scope.FindElement(name) is not VoltageSource)
                    Error(e, $"controlling source '{name}' is not a voltage source in this {(scope.IsTop ? "netlist" : "subcircuit")}");
            }
        }

        static bool SensesOwnOutput(Vcvs v)
        {
            var output = new HashSet<string>([NodeNames.Canonical(v.Positive), NodeNames.Canonical(v.Negative)], NodeNames.Comparer);
            var control = new HashSet<string>([NodeNames.Canonical(v.ControlPositive), NodeNames.Canonical(v.ControlNegative)], NodeNames.Comparer);
            return output.Count == 2 && output.SetEquals(control);
        }

        void Call(SubcircuitInstance x)
        {
            var definition = scope.Netlist.FindSubcircuit(x.Subcircuit);
            if (definition is null)
            {
                diagnostics.Add(new(x.Location, $"{x.Name}: undefined subcircuit '{x.Subcircuit}'"));
                return;
            }
            if (definition.Ports.Count != x.Connections.Count)
                diagnostics.Add(new(x.Location,
                    $"{x.Name}: subcircuit '{definition.Name}' has {definition.Ports.Count} port(s) but {x.Connections.Count} node(s) are given"));
            foreach (var p in x.Parameters.Where(p => !definition.Parameters.Any(d => d.Name.Equals(p.Name, StringComparison.OrdinalIgnoreCase))))
                diagnostics.Add(new(x.Location, $"{x.Name}: subcircuit '{definition.Name}' has no parameter '{p.Name}'"));
            if (scope.Subcircuit is { } self && self.Name.Equals(definition.Name, StringComparison.OrdinalIgnoreCase))
                diagnostics.Add(new(x.Location, $"{x.Name}: subcircuit '{self.Name}' calls itself"));
        }
    }
}
