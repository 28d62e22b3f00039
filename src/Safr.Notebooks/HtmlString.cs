namespace Safr.Notebooks;

/// <summary>Markup to show as HTML, what the kernel's <c>HTML("...")</c> returns: displayed as text/html only.</summary>
public sealed record HtmlString(string Html)
{
    public override string ToString() => Html;
}
