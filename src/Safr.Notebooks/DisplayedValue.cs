namespace Safr.Notebooks;

/// <summary>
/// What <c>display(value)</c> returns, as in the kernel: <see cref="Update"/> replaces the shown value where it was
/// displayed (even from a later cell); the written notebook holds the last value.
/// </summary>
public sealed class DisplayedValue
{
    private readonly CellOutputs outputs;
    private readonly DataOutput output;
    private readonly Func<object?, IReadOnlyList<KeyValuePair<string, string>>> format;

    internal DisplayedValue(CellOutputs outputs, DataOutput output, Func<object?, IReadOnlyList<KeyValuePair<string, string>>> format)
    {
        this.outputs = outputs;
        this.output = output;
        this.format = format;
    }

    /// <summary>The mime types of the current bundle.</summary>
    public IReadOnlyList<string> MimeTypes => output.Data.Select(d => d.Key).ToArray();

    public void Update(object? updatedValue) => outputs.Replace(output, format(updatedValue));
}
