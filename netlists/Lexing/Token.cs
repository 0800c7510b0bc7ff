namespace Xbar.Netlists.Lexing;

/// <summary>Kinds of token in a SPICE statement.</summary>
internal enum TokenKind
{
    /// <summary>A bare word: name, node, number, keyword.</summary>
    Word,
    /// <summary>A <c>{...}</c> or <c>'...'</c> expression; <see cref="Token.Text"/> is the inside.</summary>
    Expression,
    Equals,
    OpenParen,
    CloseParen,
}

/// <summary>A token and where it starts and ends in the logical line (for taking raw remainders).</summary>
internal sealed record Token(TokenKind Kind, string Text, int Start, int End)
{
    public bool IsWord(string keyword) =>
        Kind == TokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Kind switch
    {
        TokenKind.Expression => "{" + Text + "}",
        _ => Text,
    };
}
