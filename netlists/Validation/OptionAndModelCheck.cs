namespace Xbar.Netlists.Validation;

/// <summary>
/// <c>.options</c> names and values and <c>.model</c> types and parameter names must be ones
/// ngspice knows (<see cref="NgspiceVocabulary"/>): ngspice drops an unknown option silently, a
/// misspelled model parameter with a warning, and so simulates another circuit than the one written.
/// </summary>
internal static class OptionAndModelCheck
{
    public static void Options(Netlist netlist, List<NetlistDiagnostic> diagnostics)
    {
        foreach (var option in netlist.Options)
            if (NgspiceVocabulary.OptionProblem(option.Name, option.Value) is { } problem)
                diagnostics.Add(new(option.Location, problem));
    }

    public static void Models(ValidationScope scope, List<NetlistDiagnostic> diagnostics)
    {
        foreach (var model in scope.LocalModels)
        {
            var levelValue = model.Parameters.FirstOrDefault(p => p.Name.Equals("level", StringComparison.OrdinalIgnoreCase))?.Value;
            if (levelValue is { IsExpression: true }) continue; // the level of each instance is checked by ngspice's own reader
            var devices = NgspiceVocabulary.Devices(model.Type, levelValue?.AsNumberOrNull());
            if (devices is null)
            {
                diagnostics.Add(new(model.Location, $".model {model.Name}: type '{model.Type}' is not one Xbar reads (D, NMOS, PMOS, SW, CSW, R, C, L)"));
                continue;
            }
            if (devices.Length == 0)
            {
                diagnostics.Add(new(model.Location, $".model {model.Name}: MOSFET level {NgspiceVocabulary.Level(levelValue!.Value.Number)} is not one Xbar checks (levels 1-6, 8, 9, 14, 49, 54)"));
                continue;
            }
            foreach (var p in model.Parameters.Where(p => !NgspiceVocabulary.IsModelParameter(devices, p.Name)))
                diagnostics.Add(new(model.Location, $".model {model.Name}: '{p.Name}' is not a parameter of ngspice's {string.Join("/", devices)} model (ngspice would ignore it with only a warning)"));
        }
    }
}
