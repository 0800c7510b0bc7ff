namespace Xbar.Netlists;

/// <summary>
/// One <c>.options</c> entry: <c>name=value</c> or a bare flag (null <see cref="Value"/>). The value
/// stays text because options mix numbers (reltol=1e-6) and words (method=gear) and only the
/// simulator interprets them. <c>.temp t</c> is read as the option <c>temp=t</c>.
/// </summary>
public sealed record OptionSetting(string Name, string? Value = null) : Located;
