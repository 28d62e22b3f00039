using System.Text;

namespace Safr.Kit.Data;

/// <summary>
/// How <see cref="TextDatasets.FromFile"/> and <see cref="TextDatasets.FromDataFrame"/> read a user's own data. Every
/// property has a default; set only what differs, e.g. <c>new OwnDataOptions { ClassNames = ["negative", "positive"] }</c>.
/// </summary>
public sealed record OwnDataOptions
{
    /// <summary>The dataset's name in tables and run folders; default: the train file's name without its extension ("dataframe" for a DataFrame).</summary>
    public string? Name { get; init; }

    /// <summary>The format of every file; default: each file's own extension (.csv, .tsv, .jsonl/.ndjson/.json).</summary>
    public TextFileFormat? Format { get; init; }

    /// <summary>
    /// The classes, in label order. Labels that are all among these names become their positions; integer labels
    /// 0..C-1 are named by them. Default: integer labels are named "0".."C-1", and name labels are sorted (ordinal).
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Without a dev file or frame, this share of each class of train is held out as dev (seeded, stratified). Default 0.1.</summary>
    public double DevFraction { get; init; } = 0.1;

    /// <summary>Without a test file or frame, this share of each class of train is held out as test (seeded, stratified). Default 0.1.</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>Seed of the dev and test hold-outs: the same seed always holds out the same examples. Default 0.</summary>
    public int SplitSeed { get; init; }

    /// <summary>The files' encoding; null (the default): strict UTF-8, where an invalid byte is an error naming the file and line.</summary>
    public Encoding? Encoding { get; init; }
}
