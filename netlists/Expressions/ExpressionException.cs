namespace Xbar.Netlists.Expressions;

/// <summary>A malformed or unevaluable parameter expression; the reader turns it into a diagnostic.</summary>
public class ExpressionException(string message) : InvalidInputException(message);
