namespace Safr.Kit.Data;

/// <summary>The formats of a user's own data file (<see cref="TextDatasets.FromFile"/>).</summary>
public enum TextFileFormat
{
    /// <summary>Comma-separated, RFC 4180 quoting, a header row naming the columns (.csv).</summary>
    Csv,

    /// <summary>Tab-separated with the same quoting as CSV (what Python's csv module and pandas write), a header row (.tsv).</summary>
    Tsv,

    /// <summary>One JSON object per line, its fields named (.jsonl, .ndjson, and .json as Hugging Face's to_json writes it).</summary>
    JsonLines,
}
